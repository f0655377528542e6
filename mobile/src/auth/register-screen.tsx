// Register, with the partner's referral code filled in from a link (verzek://register?ref=CODE,
// which expo-router opens as /register?ref=CODE).
import { useMutation } from "@tanstack/react-query";
import { useLocalSearchParams, useRouter } from "expo-router";
import { useState } from "react";
import { KeyboardAvoidingView, Platform, ScrollView, StyleSheet, Text } from "react-native";
import { errorMessage, isApiError } from "../api/errors";
import { Button } from "../ui/button";
import { ErrorBanner } from "../ui/states";
import { TextField } from "../ui/text-field";
import { colors, space } from "../ui/theme";
import { useAuth } from "./auth-context";
import { checkForm, ZRegisterForm, type TFieldErrors } from "./forms";

type TField = "username" | "email" | "password" | "ref";
const FIELDS: readonly string[] = ["username", "email", "password", "ref"];

export function RegisterScreen() {
  const { register } = useAuth();
  const router = useRouter();
  const params = useLocalSearchParams<{ ref?: string }>();
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [ref, setRef] = useState(params.ref ?? "");
  const [errors, setErrors] = useState<TFieldErrors<TField>>({});
  const mutation = useMutation({ mutationFn: register });

  // A referral link opened while this screen is already showing replaces the code.
  const [linkRef, setLinkRef] = useState(params.ref);
  if (params.ref !== linkRef) {
    setLinkRef(params.ref);
    if (params.ref) setRef(params.ref);
  }

  function submit() {
    const checked = checkForm(ZRegisterForm, { username, email, password, ref });
    if ("errors" in checked) return setErrors(checked.errors);
    setErrors({});
    mutation.mutate(checked.data);
  }

  // The server names the field at fault (400 with `field`, 409 on a taken email or username).
  const serverField = isApiError(mutation.error) && mutation.error.field && FIELDS.includes(mutation.error.field) ? (mutation.error.field as TField) : null;
  // Under the field, its name is already shown: "ref: unknown referral code" reads "unknown referral code".
  const fieldError = (f: TField) => errors[f] ?? (serverField === f ? errorMessage(mutation.error).replace(new RegExp(`^${f}: `), "") : undefined);

  return (
    <KeyboardAvoidingView behavior={Platform.OS === "ios" ? "padding" : undefined} style={styles.flex}>
      <ScrollView contentContainerStyle={styles.content} keyboardShouldPersistTaps="handled">
        <Text style={styles.intro}>New accounts start on the free TRIAL plan.</Text>
        <TextField label="Username" value={username} onChangeText={setUsername} error={fieldError("username")} autoCapitalize="none" autoComplete="username" />
        <TextField
          label="Email"
          value={email}
          onChangeText={setEmail}
          error={fieldError("email")}
          autoCapitalize="none"
          autoComplete="email"
          keyboardType="email-address"
          inputMode="email"
        />
        <TextField label="Password" value={password} onChangeText={setPassword} error={fieldError("password")} secureTextEntry autoComplete="new-password" />
        <TextField label="Referral code (optional)" value={ref} onChangeText={setRef} error={fieldError("ref")} autoCapitalize="characters" autoCorrect={false} />
        {mutation.isError && !serverField ? <ErrorBanner message={errorMessage(mutation.error)} /> : null}
        <Button label="Create account" onPress={submit} busy={mutation.isPending} />
        <Button label="I already have an account" variant="link" onPress={() => (router.canGoBack() ? router.back() : router.replace("/sign-in"))} />
      </ScrollView>
    </KeyboardAvoidingView>
  );
}

const styles = StyleSheet.create({
  flex: { flex: 1, backgroundColor: colors.background },
  content: { flexGrow: 1, padding: space.xl, gap: space.lg, maxWidth: 480, width: "100%", alignSelf: "center" },
  intro: { color: colors.muted, fontSize: 15 },
});
