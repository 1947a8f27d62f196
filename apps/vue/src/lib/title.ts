// The page title (Svelte's <svelte:head><title>): set while the calling component is shown.
import { watchEffect } from "vue";

export function useTitle(title: () => string): void {
  watchEffect(() => {
    document.title = title();
  });
}
