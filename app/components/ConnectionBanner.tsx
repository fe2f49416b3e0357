import { Banner } from "@shopify/polaris";
import { merchantText } from "../forms/merchant-text";
import { When } from "./RunTitle";

/** The answer of a connection test or quota check (read-models/provider.server ConnectionResult). */
export type ConnectionCheck =
  | { ok: true; balance: number; checkedAt: string }
  | { ok: false; message: string; code: string | number | null; checkedAt: string };

const FALLBACK = "The try-on service could not be reached. Check the region and try again.";

/** The toast after "Test connection", so each press visibly answers, even with the same result as before. */
export function connectionToast(result: ConnectionCheck): { message: string; isError: boolean } {
  return result.ok
    ? { message: `Connection checked: ${result.balance.toLocaleString("en")} try-on calls left`, isError: false }
    : { message: "Connection test failed", isError: true };
}

/**
 * The connection's state on Settings, with when it was checked: "Checked just now" right after "Test
 * connection" (`justNow`), else the time of the last (cached) check.
 */
export function ConnectionBanner({ result, justNow = false }: { result: ConnectionCheck; justNow?: boolean }) {
  const checked = justNow ? (
    <>Checked just now.</>
  ) : (
    <>
      Checked <When iso={result.checkedAt} />.
    </>
  );
  if (result.ok) {
    return (
      <Banner tone="success" title="Connected to Aidge Virtual Try-on">
        <p>
          {result.balance.toLocaleString("en")} try-on calls left on this key. {checked}
        </p>
      </Banner>
    );
  }
  return (
    <Banner tone="critical" title="The connection test failed">
      <p>
        {merchantText(result.message, FALLBACK)} {checked}
      </p>
    </Banner>
  );
}
