import type { RouteContext, WardenRoute } from "../WardenRoute";

/** `GET /v1/kill-switch` (viewer): every switch and the latest cancel and pauseUser reports. */
export const killSwitchStateRoute = ({ warden }: RouteContext): WardenRoute => ({
  method: "GET",
  url: "/v1/kill-switch",
  role: "viewer",
  summary: "Kill switches and the reports of the cancels they started.",
  handler: async () => {
    const { switches } = await warden.store.killSwitches();
    return { switches, reports: warden.killSwitchReports() };
  },
});
