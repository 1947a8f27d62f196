// The `auth` benchmark's provider: a custom JWT issuer whose key set is a `data:` URL the bench
// sets as BENCH_JWKS (before the push, which evaluates this file). Nothing is fetched.
export default {
  providers: [
    {
      type: "customJwt",
      issuer: "https://bench.rooms.example",
      jwks: process.env.BENCH_JWKS,
      algorithm: "RS256",
      applicationID: "rooms-bench",
    },
  ],
};
