import { StyleSheet, Text, TextInput, View, type TextInputProps } from "react-native";
import { colors, radius, space } from "./theme";

type TProps = Omit<TextInputProps, "style" | "accessibilityLabel"> & { label: string; error?: string | null };

/** A labelled input; the label is also the accessible name, and a field error is announced. */
export function TextField({ label, error, ...input }: TProps) {
  return (
    <View style={styles.wrap}>
      <Text style={styles.label}>{label}</Text>
      <TextInput
        accessibilityLabel={label}
        placeholderTextColor={colors.muted}
        style={[styles.input, error ? styles.inputError : null]}
        {...input}
      />
      {error ? (
        <Text accessibilityRole="alert" accessibilityLabel={`${label}: ${error}`} style={styles.error}>
          {error}
        </Text>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { gap: space.xs },
  label: { color: colors.muted, fontSize: 14, fontWeight: "500" },
  input: {
    minHeight: 48,
    borderRadius: radius.md,
    borderWidth: 1,
    borderColor: colors.border,
    backgroundColor: colors.surface,
    color: colors.text,
    paddingHorizontal: space.md,
    fontSize: 16,
  },
  inputError: { borderColor: colors.danger },
  error: { color: colors.danger, fontSize: 13 },
});
