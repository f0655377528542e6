// One fake Binance USDⓈ-M per test file: started before the file, fresh (reset, up) before each
// test with the environment pointed at it (restored after each test by setEnv), closed after.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startFakeBinance, type TFakeBinance } from "../fakes/binance";
import { setEnv } from "./signals";

export function useFakeBinance(assign: (fake: TFakeBinance) => void, envFor: (baseUrl: string) => Record<string, string>): void {
  let fake: TFakeBinance;
  beforeAll(async () => {
    fake = await startFakeBinance();
    assign(fake);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.comeBack();
    setEnv(envFor(fake.baseUrl));
  });
}
