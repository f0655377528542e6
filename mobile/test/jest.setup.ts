import { FakeEventSource } from "./fake-event-source";

// A jest.mock factory may not close over imports: it requires the fake itself.
jest.mock("react-native-sse", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fake = require("./fake-event-source") as { FakeEventSource: unknown };
  return { __esModule: true, default: fake.FakeEventSource };
});

afterEach(() => {
  FakeEventSource.instances = [];
});
