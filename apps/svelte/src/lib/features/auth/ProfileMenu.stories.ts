// Auth/ProfileMenu: this app's ProfileMenu bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/auth/ProfileMenu";
import ProfileMenu from "./ProfileMenu.svelte";

// prettier-ignore
export default { title: "Auth/ProfileMenu", component: ProfileMenu, args: stories.args } satisfies Meta<typeof ProfileMenu>;
// prettier-ignore
export const Default = stories.Default, Guest = stories.Guest, Open = stories.Open, Saving = stories.Saving, Error = stories.Error;
