import type { Meta, StoryObj } from "@storybook/vue3-vite";
import * as stories from "@rooms/stories/presence/MemberList";
import MemberList from "./MemberList.vue";

const meta = {
  title: "Presence/MemberList",
  component: MemberList,
  args: stories.args,
} satisfies Meta<typeof MemberList>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = stories.Default;
export const WithPresence: Story = stories.WithPresence;
export const Empty: Story = stories.Empty;
