export { RegisterScreen as default } from "../auth/register-screen";
