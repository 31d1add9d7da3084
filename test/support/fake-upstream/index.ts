export { type ErrorFormat, type FakeStep, parseScript } from "./fake-step";
export { type FakeUpstream, type ReceivedRequest, startFakeUpstream } from "./fake-upstream";
