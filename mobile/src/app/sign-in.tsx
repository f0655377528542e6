export { SignInScreen as default } from "../auth/sign-in-screen";
