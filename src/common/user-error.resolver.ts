import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Locale } from './locale';
import { formatMessage } from './messages';
import { UserError } from './user-error';

/**
 * UserError.message in the request's language (ctx.locale, from
 * Accept-Language), so that services build their userErrors without knowing
 * who reads them. Codes and field paths are the same in every language.
 */
@Resolver(() => UserError)
export class UserErrorResolver {
  @FieldResolver(() => String)
  message(@Root() error: UserError, @Ctx() ctx: { locale?: Locale }): string {
    if (!error.wording || !ctx.locale || ctx.locale === 'en') return error.message;
    return formatMessage(error.wording, ctx.locale);
  }
}
