// Auth/SignInForm: this app's SignInForm bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/auth/SignInForm";
import SignInForm from "./SignInForm.svelte";

// prettier-ignore
export default { title: "Auth/SignInForm", component: SignInForm, args: stories.args } satisfies Meta<typeof SignInForm>;
// prettier-ignore
export const Default = stories.Default, SignUp = stories.SignUp, Loading = stories.Loading, GuestLoading = stories.GuestLoading, Error = stories.Error;
