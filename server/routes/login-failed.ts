import type { FastifyReply, FastifyRequest } from 'fastify'
import { detectLocale, type Locale } from '../../contracts/locale.js'
import type { SignInRefusal } from '../services/sign-in.js'
import { escapeHtml, htmlPage } from './html.js'

/**
 * The page a failed WeCom sign-in shows, in the language the sidebar itself would pick (`detectLocale`, with the
 * browser's languages from `Accept-Language`). The proxy's other words stay Chinese; this page is the one a staff
 * member of an English WeCom meets before the sidebar has loaded a word.
 */
export function pageLanguage(request: Pick<FastifyRequest, 'headers'>): Locale {
  const languages = String(request.headers['accept-language'] ?? '')
    .split(',')
    .map((part) => part.split(';')[0]!.trim())
  return detectLocale(null, request.headers['user-agent'] ?? '', languages)
}

interface Words {
  title: string
  message: string
  again: string
}

const AGAIN = { 'zh-CN': '重新登录', en: 'Sign in again' } as const

/** The English of each refusal; the Chinese comes with the refusal (a vendor's words included). */
const EN: Record<SignInRefusal, Omit<Words, 'again'>> = {
  incomplete: { title: 'Incomplete sign-in link', message: 'The link has no code or state. Please open the sidebar again.' },
  declined: {
    title: 'Sign-in not completed',
    message: 'WeCom sent no sign-in code back: the scan was not confirmed, or was cancelled. Please sign in again.',
  },
  expired: {
    title: 'Sign-in expired',
    message:
      'This sign-in link was used already, was started in another browser, or is over 10 minutes old. Please open the sidebar again.',
  },
  codeInvalid: {
    title: 'Sign-in code not accepted',
    message: 'WeCom did not accept this sign-in (the code may have been used or expired). Please open the sidebar again.',
  },
  unavailable: {
    title: 'Cannot sign in right now',
    message: 'WeCom could not be asked who you are. Please retry in a moment; if it keeps failing, tell your admin.',
  },
  notMember: { title: 'Cannot sign in', message: 'Only members of this company can use the sidebar.' },
}

export function loginFailed(
  request: Pick<FastifyRequest, 'headers'>,
  reply: FastifyReply,
  refusal: { status: number; reason: SignInRefusal; title: string; message: string; code?: string },
  /** Where the failed sign-in was going (a checked path of ours), so 重新登录 goes there, by the same kind of sign-in page. */
  returnTo = '/',
) {
  const lang = pageLanguage(request)
  const words: Words = lang === 'en' ? { ...EN[refusal.reason], again: AGAIN.en } : { ...refusal, again: AGAIN['zh-CN'] }
  const code = refusal.code ? `<p><small>${escapeHtml(refusal.code)}</small></p>` : ''
  return reply
    .code(refusal.status)
    .type('text/html; charset=utf-8')
    .send(
      htmlPage(
        escapeHtml(words.title),
        `<p>${escapeHtml(words.message)}</p>${code}<p><a href="${escapeHtml(`/api/auth/login?returnTo=${encodeURIComponent(returnTo)}`)}">${words.again}</a></p>`,
        lang,
      ),
    )
}
