-- CreateTable
CREATE TABLE "uptime_parts" (
    "part" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "detail" TEXT,
    "checked_at" TIMESTAMP(3) NOT NULL,
    "first_checked_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "uptime_parts_pkey" PRIMARY KEY ("part")
);

-- CreateTable
CREATE TABLE "uptime_outages" (
    "id" SERIAL NOT NULL,
    "part" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "ended_at" TIMESTAMP(3),
    "detail" TEXT,

    CONSTRAINT "uptime_outages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "uptime_outages_part_started_at_idx" ON "uptime_outages"("part", "started_at");

-- One open outage per part: two monitors racing cannot both open one.
CREATE UNIQUE INDEX "uptime_outages_one_open_per_part" ON "uptime_outages"("part") WHERE "ended_at" IS NULL;
