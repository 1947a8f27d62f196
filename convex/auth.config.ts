// The deployment trusts tokens issued by Convex Auth on this deployment's own site URL
// (discovery at CONVEX_SITE_URL/.well-known/openid-configuration, served by http.ts).
export default {
  providers: [{ domain: process.env.CONVEX_SITE_URL, applicationID: "convex" }],
};
