-- CreateTable
CREATE TABLE "TokenRefreshLock" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "leaseExpiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
