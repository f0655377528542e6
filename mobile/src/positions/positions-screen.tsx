// Positions: the open ones (marked to the last price) and the last 30 days' closed ones, each with
// its execution receipt. The HALTED banner shows while the platform's kill switch is on.
import { useRouter } from "expo-router";
import { useCallback, useState } from "react";
import { View } from "react-native";
import { errorMessage } from "../api/errors";
import { HaltedBanner } from "../safety/safety";
import { Card, Row } from "../ui/card";
import { ChoiceField } from "../ui/fields";
import { RefreshableScroll } from "../ui/refreshable";
import { EmptyState, ErrorState, LoadingState } from "../ui/states";
import { colors } from "../ui/theme";
import { formatUsdt } from "./format";
import { PositionRow } from "./position-row";
import { useOpenPositions, usePositionHistory } from "./queries";

type TTab = "Open" | "History";

export function PositionsScreen() {
  const router = useRouter();
  const [tab, setTab] = useState<TTab>("Open");
  const open = useOpenPositions();
  const history = usePositionHistory(tab === "History");
  const query = tab === "Open" ? open : history;
  const openOne = useCallback((id: string) => router.push({ pathname: "/positions/[id]", params: { id } }), [router]);
  const refresh = useCallback(() => (tab === "Open" ? open.refetch() : history.refetch()), [tab, open, history]);

  const positions = tab === "Open" ? open.data?.positions : history.data?.positions;
  let body;
  if (query.isPending) body = <LoadingState label={tab === "Open" ? "Loading open positions" : "Loading history"} />;
  else if (!positions) body = <ErrorState message={errorMessage(query.error)} onRetry={() => void query.refetch()} />;
  else if (!positions?.length)
    body = <EmptyState title={tab === "Open" ? "No open positions" : "No closed positions in the last 30 days"} detail={tab === "Open" ? "Copies of signals and your own trades appear here." : undefined} />;
  else body = positions.map((p) => <PositionRow key={p.id} position={p} onOpen={openOne} />);

  return (
    <RefreshableScroll label="Positions" onRefresh={refresh}>
      <HaltedBanner />
      <ChoiceField label="Show" value={tab} choices={["Open", "History"] as const} onChange={setTab} />
      {tab === "History" && history.data && history.data.totals.trades > 0 ? (
        <Card title="Last 30 days">
          <Row label="Trades" value={`${history.data.totals.trades} (${history.data.totals.wins} won, ${history.data.totals.losses} lost)`} />
          <Row label="Realized P&L" value={formatUsdt(history.data.totals.realized_pnl)} tone={Number(history.data.totals.realized_pnl) >= 0 ? colors.long : colors.short} />
          <Row label="Fees" value={`${history.data.totals.fees} USDT`} />
        </Card>
      ) : null}
      <View style={{ gap: 12 }}>{body}</View>
    </RefreshableScroll>
  );
}
