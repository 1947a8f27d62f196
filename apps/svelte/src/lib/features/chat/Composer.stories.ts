// Chat/Composer: this app's Composer bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/chat/Composer";
import Composer from "./Composer.svelte";

// prettier-ignore
export default { title: "Chat/Composer", component: Composer, args: stories.args } satisfies Meta<typeof Composer>;
// prettier-ignore
export const Default = stories.Default, Uploading = stories.Uploading, Error = stories.Error;
