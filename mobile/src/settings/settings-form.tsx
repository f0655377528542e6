// One settings group's form: edits a draft of the server's values, sends only what changed, and
// shows the server's validation message under the field it names (or above the button).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { StyleSheet, Text, View } from "react-native";
import { errorMessage, isApiError } from "../api/errors";
import type { TSettings } from "../api/schemas";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ChoiceField, SwitchField } from "../ui/fields";
import { ErrorBanner } from "../ui/states";
import { TextField } from "../ui/text-field";
import { colors } from "../ui/theme";
import { changedFields, toDraft, type TDraft, type TFieldSpec } from "./fields";

type TProps = {
  title: string;
  fields: readonly TFieldSpec[];
  values: TSettings;
  save: (changes: TSettings) => Promise<unknown>;
  disabled?: boolean;
};

export function SettingsForm({ title, fields, values, save, disabled = false }: TProps) {
  const [base, setBase] = useState(values);
  const [draft, setDraft] = useState<TDraft>(() => toDraft(fields, values));
  const mutation = useMutation({ mutationFn: save });
  // New server values (saved, refreshed): the draft starts again from them.
  if (base !== values) {
    setBase(values);
    setDraft(toDraft(fields, values));
  }
  const changes = changedFields(fields, draft, values);
  const dirty = Object.keys(changes).length > 0;

  const error = mutation.error;
  const serverField = isApiError(error) && error.field ? fields.find((f) => error.field === f.key || error.field?.startsWith(`${f.key}.`)) : undefined;
  const fieldError = (f: TFieldSpec) => (serverField === f && error ? errorMessage(error).replace(/^[a-z_.0-9]+: /, "") : null);
  const set = (key: string, v: string | boolean) => {
    mutation.reset();
    setDraft((d) => ({ ...d, [key]: v }));
  };

  return (
    <Card title={title}>
      {fields.map((f) => {
        const v = draft[f.key];
        if (typeof v === "boolean") return <SwitchField key={f.key} label={f.label} value={v} onChange={(x) => set(f.key, x)} error={fieldError(f)} disabled={disabled} />;
        if (f.kind === "choice" && f.choices) return <ChoiceField key={f.key} label={f.label} value={v ?? ""} choices={f.choices} onChange={(x) => set(f.key, x)} error={fieldError(f)} />;
        return (
          <TextField
            key={f.key}
            label={f.label}
            value={v ?? ""}
            onChangeText={(x) => set(f.key, x)}
            error={fieldError(f)}
            editable={!disabled}
            autoCapitalize="none"
            autoCorrect={false}
            keyboardType={f.kind === "int" ? "number-pad" : f.kind === "decimal" ? "decimal-pad" : "default"}
          />
        );
      })}
      {error && !serverField ? <ErrorBanner message={errorMessage(error)} /> : null}
      {mutation.isSuccess && !dirty ? (
        <Text accessibilityRole="alert" style={styles.saved}>
          {title} saved
        </Text>
      ) : null}
      <View>
        <Button label={`Save ${title.toLowerCase()}`} onPress={() => mutation.mutate(changes)} busy={mutation.isPending} disabled={!dirty || disabled} />
      </View>
    </Card>
  );
}

const styles = StyleSheet.create({
  saved: { color: colors.primary, fontSize: 14 },
});
