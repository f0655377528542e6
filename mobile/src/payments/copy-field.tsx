// A value the user must send exactly (address, amount) with a button that copies it.
import * as Clipboard from "expo-clipboard";
import { useEffect, useState } from "react";
import { StyleSheet, Text, View } from "react-native";
import { Button } from "../ui/button";
import { colors, space } from "../ui/theme";

export function CopyField({ label, value, tone }: { label: string; value: string; tone?: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 3000);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <View style={styles.box}>
      <Text style={styles.label}>{label}</Text>
      <Text selectable accessibilityLabel={`${label}: ${value}`} style={[styles.value, tone ? { color: tone } : null]}>
        {value}
      </Text>
      <Button
        label={copied ? `${label} copied` : `Copy ${label.toLowerCase()}`}
        variant="secondary"
        onPress={() => void Clipboard.setStringAsync(value).then(() => setCopied(true))}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  box: { gap: space.sm },
  label: { color: colors.muted, fontSize: 14 },
  value: { color: colors.text, fontSize: 15, fontFamily: "monospace" },
});
