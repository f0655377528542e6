-- Written by hand (Prisma's schema cannot declare a function). Telegram's bulk limit (~30 Bot API
-- calls a second) is per bot, not per process: with two or three app processes delivering the
-- outbox at once, a budget kept in each process's memory let them spend 25 a second EACH and
-- Telegram answered 429. The budget is now these rows, one per call, shared by every process
-- (server/notifications/bot-api-budget.ts).
--
-- A row is taken before the call (reserved_at_ms) and stamped once the call is over (sent_at_ms):
-- it holds the budget while the call is under way however long that takes (a slow claim, a pause),
-- then for a second after the call left — never dated before the call reached Telegram.
-- Times are epoch milliseconds from the deliverer's own clock (never the database's now()), so a
-- test's moved clock is obeyed. Each reservation deletes the rows that no longer count, so the
-- table holds a few dozen rows and needs no index.
CREATE TABLE "bot_api_calls" (
    "id" BIGSERIAL NOT NULL,
    "reserved_at_ms" BIGINT NOT NULL,
    "sent_at_ms" BIGINT,

    CONSTRAINT "bot_api_calls_pkey" PRIMARY KEY ("id")
);

-- One round trip per call. The advisory lock makes "count, then insert" atomic across processes;
-- it is taken inside the function because in READ COMMITTED each statement of a plpgsql function
-- takes a new snapshot AFTER the lock is held (a single SQL statement's snapshot would predate
-- the lock and miss a reservation committed while it waited). The lock is released with the
-- implicit transaction of the calling statement, so it is held for well under a millisecond.
--
-- Sliding window: a call is allowed when fewer than p_limit calls count at p_now_ms — those under
-- way (reserved less than p_lease_ms ago: older ones belong to a process that died mid-call) and
-- those sent within p_window_ms of it; otherwise the answer is when the first of them stops
-- counting (a call under way counts as if sent now). Calls stamped up to a window AHEAD of p_now_ms
-- count too (another process whose clock runs slightly ahead); rows further ahead come from a
-- clock that was moved back (tests) and are ignored, then deleted past a minute.
CREATE FUNCTION reserve_bot_api_call(p_now_ms bigint, p_limit int, p_window_ms int, p_lease_ms int, OUT reservation_id bigint, OUT free_at_ms bigint)
LANGUAGE plpgsql AS $$
DECLARE
  n int;
  first_free bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(7270736940);
  DELETE FROM bot_api_calls
  WHERE (sent_at_ms IS NOT NULL AND sent_at_ms <= p_now_ms - p_window_ms)
     OR (sent_at_ms IS NULL AND reserved_at_ms <= p_now_ms - p_lease_ms)
     OR coalesce(sent_at_ms, reserved_at_ms) > p_now_ms + 60000;
  SELECT count(*), min(coalesce(sent_at_ms, p_now_ms) + p_window_ms) INTO n, first_free
  FROM bot_api_calls
  WHERE coalesce(sent_at_ms, reserved_at_ms) <= p_now_ms + p_window_ms;
  IF n < p_limit THEN
    INSERT INTO bot_api_calls (reserved_at_ms) VALUES (p_now_ms) RETURNING id INTO reservation_id;
    free_at_ms := p_now_ms;
  ELSE
    free_at_ms := first_free;
  END IF;
END $$;
