import { useMutation } from "@tanstack/react-query";
import { useRouter } from "expo-router";
import { useState } from "react";
import { KeyboardAvoidingView, Platform, ScrollView, StyleSheet, Text, View } from "react-native";
import { SafeAreaView } from "react-native-safe-area-context";
import { errorMessage } from "../api/errors";
import { Button } from "../ui/button";
import { ErrorBanner } from "../ui/states";
import { TextField } from "../ui/text-field";
import { colors, space } from "../ui/theme";
import { useAuth } from "./auth-context";
import { checkForm, ZSignInForm, type TFieldErrors } from "./forms";

export function SignInScreen() {
  const { signIn } = useAuth();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<TFieldErrors<"email" | "password">>({});
  const mutation = useMutation({ mutationFn: signIn });

  function submit() {
    const checked = checkForm(ZSignInForm, { email, password });
    if ("errors" in checked) return setErrors(checked.errors);
    setErrors({});
    mutation.mutate(checked.data);
  }

  return (
    <SafeAreaView style={styles.safe}>
      <KeyboardAvoidingView behavior={Platform.OS === "ios" ? "padding" : undefined} style={styles.safe}>
        <ScrollView contentContainerStyle={styles.content} keyboardShouldPersistTaps="handled">
          <View style={styles.header}>
            <Text accessibilityRole="header" style={styles.title}>
              Verzek Auto Trader
            </Text>
            <Text style={styles.subtitle}>Sign in to see the signal feed</Text>
          </View>
          <TextField
            label="Email"
            value={email}
            onChangeText={setEmail}
            error={errors.email}
            autoCapitalize="none"
            autoComplete="email"
            keyboardType="email-address"
            inputMode="email"
            textContentType="emailAddress"
          />
          <TextField
            label="Password"
            value={password}
            onChangeText={setPassword}
            error={errors.password}
            secureTextEntry
            autoComplete="current-password"
            textContentType="password"
            onSubmitEditing={submit}
          />
          {mutation.isError ? <ErrorBanner message={errorMessage(mutation.error)} /> : null}
          <Button label="Sign in" onPress={submit} busy={mutation.isPending} />
          <Button label="Create an account" variant="link" onPress={() => router.push("/register")} />
        </ScrollView>
      </KeyboardAvoidingView>
    </SafeAreaView>
  );
}

const styles = StyleSheet.create({
  safe: { flex: 1, backgroundColor: colors.background },
  content: { flexGrow: 1, justifyContent: "center", padding: space.xl, gap: space.lg, maxWidth: 480, width: "100%", alignSelf: "center" },
  header: { gap: space.xs, marginBottom: space.md },
  title: { color: colors.text, fontSize: 28, fontWeight: "700" },
  subtitle: { color: colors.muted, fontSize: 16 },
});
