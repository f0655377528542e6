-- Settlement (price monitor, signal events, closes) rewrites thousands of orders per transaction:
-- a fill or a cancel changes status, filled_qty, avg_price, updated_at. An UPDATE that changes no
-- indexed column and finds room on the row's own page is a HOT update: no new entry in any index.
-- Nothing reads orders by status alone (every reader goes by position or id), so the status index
-- only made each fill and cancel rewrite all 4 index entries. The free space per page (fillfactor,
-- written by hand: Prisma's schema has none) applies to pages written from now on; existing full
-- pages gain it as vacuum frees them.
DROP INDEX "orders_status_idx";
ALTER TABLE "orders" SET (fillfactor = 70);
