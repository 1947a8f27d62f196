// The Vue app's entry: the router and the root layout (App.vue). Convex and the auth session
// are not here: AppShell brings them in lazily (see App.vue).
import { createApp } from "vue";
import App from "./App.vue";
import { router } from "./router";

createApp(App).use(router).mount("#app");
