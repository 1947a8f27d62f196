// The routes of APP_SPEC "Routes", as SvelteKit's src/routes lays them out in apps/svelte. The
// sign-in page is in the entry chunk; the lobby and the room load with their route. Guards
// (signed out → "/?next=…") live in AppShell, which knows the session, as in the Svelte app.
import { createRouter, createWebHistory } from "vue-router";
import ErrorPage from "./routes/ErrorPage.vue";
import IndexPage from "./routes/IndexPage.vue";

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: "/", component: IndexPage },
    { path: "/rooms", component: () => import("./routes/RoomsPage.vue") },
    { path: "/rooms/:roomId", component: () => import("./routes/RoomPage.vue") },
    { path: "/:path(.*)*", component: ErrorPage },
  ],
});
