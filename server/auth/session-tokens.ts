import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken } from "./access-token";
import type { TIssuedRefreshToken } from "./refresh-token";
import { toUserDto, type TUserDto, type TUserRow } from "../users/user-dto";

export type TSessionTokens = {
  access_token: string;
  refresh_token: string;
  token_type: "Bearer";
  expires_in: number;
  user: TUserDto;
};

export async function sessionTokens(user: TUserRow & { tokenVersion: number }, issued: TIssuedRefreshToken): Promise<TSessionTokens> {
  return {
    access_token: await signAccessToken(user, new Date(), issued.familyId),
    refresh_token: issued.refreshToken,
    token_type: "Bearer",
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    user: toUserDto(user),
  };
}
