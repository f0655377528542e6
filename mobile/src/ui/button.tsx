import { ActivityIndicator, Pressable, StyleSheet, Text } from "react-native";
import { colors, radius, space } from "./theme";

type TProps = {
  label: string;
  onPress: () => void;
  busy?: boolean;
  disabled?: boolean;
  variant?: "primary" | "secondary" | "link";
  accessibilityHint?: string;
};

export function Button({ label, onPress, busy = false, disabled = false, variant = "primary", accessibilityHint }: TProps) {
  const inactive = disabled || busy;
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={label}
      accessibilityHint={accessibilityHint}
      accessibilityState={{ disabled: inactive, busy }}
      disabled={inactive}
      onPress={onPress}
      style={({ pressed }) => [styles.base, styles[variant], inactive && styles.inactive, pressed && styles.pressed]}
    >
      {busy ? <ActivityIndicator color={variant === "primary" ? colors.primaryText : colors.text} /> : <Text style={[styles.label, labelStyles[variant]]}>{label}</Text>}
    </Pressable>
  );
}

const styles = StyleSheet.create({
  base: { minHeight: 48, borderRadius: radius.md, alignItems: "center", justifyContent: "center", paddingHorizontal: space.lg },
  primary: { backgroundColor: colors.primary },
  secondary: { backgroundColor: colors.surfaceRaised, borderWidth: 1, borderColor: colors.border },
  link: { backgroundColor: "transparent", minHeight: 40 },
  inactive: { opacity: 0.55 },
  pressed: { opacity: 0.8 },
  label: { fontSize: 16, fontWeight: "600" },
});

const labelStyles = StyleSheet.create({
  primary: { color: colors.primaryText },
  secondary: { color: colors.text },
  link: { color: colors.primary },
});
