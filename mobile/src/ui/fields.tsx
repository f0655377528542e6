// Inputs beyond text: a labelled switch and a labelled single choice. The label is the accessible name.
import { Pressable, StyleSheet, Switch, Text, View } from "react-native";
import { colors, radius, space } from "./theme";

export function SwitchField({ label, value, onChange, error, disabled = false }: { label: string; value: boolean; onChange: (v: boolean) => void; error?: string | null; disabled?: boolean }) {
  return (
    <View style={styles.wrap}>
      <View style={styles.row}>
        <Text style={styles.label}>{label}</Text>
        <Switch
          accessibilityLabel={label}
          accessibilityRole="switch"
          accessibilityState={{ checked: value, disabled }}
          value={value}
          onValueChange={onChange}
          disabled={disabled}
          trackColor={{ true: colors.primary, false: colors.border }}
        />
      </View>
      <FieldError label={label} error={error} />
    </View>
  );
}

export function ChoiceField<T extends string>({ label, value, choices, onChange, error, describe }: { label: string; value: T; choices: readonly T[]; onChange: (v: T) => void; error?: string | null; describe?: (v: T) => string }) {
  return (
    <View style={styles.wrap} accessibilityRole="radiogroup" accessibilityLabel={label}>
      <Text style={styles.label}>{label}</Text>
      <View style={styles.choices}>
        {choices.map((c) => {
          const selected = c === value;
          const text = describe ? describe(c) : c;
          return (
            <Pressable
              key={c}
              accessibilityRole="radio"
              accessibilityLabel={`${label}: ${text}`}
              accessibilityState={{ selected, checked: selected }}
              onPress={() => onChange(c)}
              style={[styles.choice, selected && styles.choiceSelected]}
            >
              <Text style={[styles.choiceText, selected && styles.choiceTextSelected]}>{text}</Text>
            </Pressable>
          );
        })}
      </View>
      <FieldError label={label} error={error} />
    </View>
  );
}

function FieldError({ label, error }: { label: string; error?: string | null }) {
  if (!error) return null;
  return (
    <Text accessibilityRole="alert" accessibilityLabel={`${label}: ${error}`} style={styles.error}>
      {error}
    </Text>
  );
}

const styles = StyleSheet.create({
  wrap: { gap: space.xs },
  row: { flexDirection: "row", alignItems: "center", justifyContent: "space-between", minHeight: 44, gap: space.md },
  label: { color: colors.muted, fontSize: 14, fontWeight: "500", flexShrink: 1 },
  choices: { flexDirection: "row", flexWrap: "wrap", gap: space.sm },
  choice: { minHeight: 40, paddingHorizontal: space.md, justifyContent: "center", borderRadius: radius.md, borderWidth: 1, borderColor: colors.border, backgroundColor: colors.surface },
  choiceSelected: { borderColor: colors.primary, backgroundColor: colors.surfaceRaised },
  choiceText: { color: colors.muted, fontSize: 14 },
  choiceTextSelected: { color: colors.text, fontWeight: "600" },
  error: { color: colors.danger, fontSize: 13 },
});
