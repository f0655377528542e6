// Tests never reach a real platform: every API call goes through a fake fetch given to the client.
process.env.EXPO_PUBLIC_API_URL = "http://platform.test";
process.env.EXPO_PUBLIC_API_KEY = "test-app-key";
