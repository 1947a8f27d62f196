// One custom JWT provider whose key set comes from the environment (a data: URL the test sets with
// `npx convex env set TEST_JWKS ...` before pushing). No OIDC provider, so nothing is fetched.
export default {
  providers: [
    {
      type: "customJwt",
      issuer: "https://auth-flow.example",
      jwks: process.env.TEST_JWKS,
      algorithm: "RS256",
      applicationID: "rooms-auth-flow",
    },
  ],
};
