// Tokens signed by the test's key (its public JWKS is set as SITE_JWKS before the push).
export default {
  providers: [
    {
      type: "customJwt",
      issuer: "https://site-test.example",
      jwks: process.env.SITE_JWKS,
      algorithm: "RS256",
      applicationID: "site-test",
    },
  ],
};
