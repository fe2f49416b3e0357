import prisma from "../../app/db.server";
import { TEST_ENV } from "../setup/test-env";

/**
 * Stores the shop's offline session as the app does after installation, so `authenticate.admin`
 * finds it and does not need a token exchange.
 */
export async function seedOfflineSession(shop: string, accessToken = `shpat_test_${shop}`): Promise<void> {
  await prisma.session.upsert({
    where: { id: `offline_${shop}` },
    create: {
      id: `offline_${shop}`,
      shop,
      state: "installed",
      isOnline: false,
      scope: TEST_ENV.SCOPES,
      accessToken,
    },
    update: { accessToken, scope: TEST_ENV.SCOPES },
  });
}

/** Resolves a thrown Remix response (redirects and 401s are thrown by authenticate.admin). */
export async function settle(fn: () => Promise<unknown>): Promise<Response | unknown> {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
