export { FeedScreen as default } from "../signals/feed-screen";
