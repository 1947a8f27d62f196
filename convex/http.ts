// HTTP routes on the site URL: Convex Auth's OpenID discovery document and JWKS.
import { httpRouter } from "convex/server";
import { auth } from "./auth";

const http = httpRouter();
auth.addHttpRoutes(http);
export default http;
