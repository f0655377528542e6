export { NotificationsScreen as default } from "../notifications/notifications-screen";
