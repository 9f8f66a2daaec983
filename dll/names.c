/* SPDX-License-Identifier: LGPL-3.0-or-later */
/* names.c - DokanIsNameInExpression, wildcard matching of file names.
 *
 * The wildcards are those of NT's FsRtlIsNameInExpression:
 *   *  any run of characters, including none
 *   ?  exactly one character (at the end of the name: no match)
 *   <  DOS_STAR: any run that does not swallow the last period of the name
 *   >  DOS_QM: one character, but at a period or at the end of the name it matches nothing
 *   "  DOS_DOT: a period, or nothing at the end of the name
 * Every other character is literal. With IgnoreCase both sides are upper-cased (NT upper-cases
 * only the name and expects an upper-case expression; Dokan clients pass lower-case ones).
 *
 * Where 0.6.0 differed, this follows NT (docs/differences.md D7): 0.6.0 let `?` and `>` step
 * past the end of the name, let `>` swallow a period that has another period after it, and
 * anchored `<` at index 0 on names without a period. `*.*` needs a period in the name in
 * both 0.6.0 and NT. One edge is kept from 0.6.0 rather than NT: an empty name matches an
 * expression that can match nothing (such as "*"); NT's routine rejects empty names
 * outright, but directory entries are never empty.
 *
 * The expression runs as a nondeterministic automaton: one pass over the name with the set of
 * live expression positions, so time is O(expression * name) and nothing recurses.
 */
#include <windows.h>
#include <wchar.h>
#include "dokan.h"

/* Expressions up to this length keep their state on the stack. */
#define STACK_EXPRESSION_LENGTH 128

enum step { NO_STEP, STAY, ADVANCE };

static WCHAR dk_upper_case(WCHAR c)
{
	WCHAR upper;

	if (c < 0x80)
		return (c >= L'a' && c <= L'z') ? (WCHAR)(c - L'a' + L'A') : c;
	/* The invariant locale keeps the result independent of the user's language. */
	if (LCMapStringW(LOCALE_INVARIANT, LCMAP_UPPERCASE, &c, 1, &upper, 1) == 1)
		return upper;
	return c;
}

static BOOL dk_same_character(WCHAR a, WCHAR b, BOOL ignoreCase)
{
	if (a == b)
		return TRUE;
	return ignoreCase && dk_upper_case(a) == dk_upper_case(b);
}

/* Whether expression character e may be passed without using a name character.
 * atEnd: the whole name has been used; c: the next name character otherwise. */
static BOOL dk_matches_nothing_here(WCHAR e, BOOL atEnd, WCHAR c)
{
	switch (e) {
	case L'*':
	case L'<':
		return TRUE;
	case L'>':
		return atEnd || c == L'.';
	case L'"':
		return atEnd;
	default:
		return FALSE;
	}
}

/* What expression character e does with name character c. */
static enum step dk_take_character(WCHAR e, WCHAR c, BOOL isLastPeriod, BOOL ignoreCase)
{
	switch (e) {
	case L'*':
		return STAY;
	case L'<':
		return isLastPeriod ? NO_STEP : STAY;
	case L'>':
		return c == L'.' ? NO_STEP : ADVANCE;
	case L'"':
		return c == L'.' ? ADVANCE : NO_STEP;
	case L'?':
		return ADVANCE;
	default:
		return dk_same_character(e, c, ignoreCase) ? ADVANCE : NO_STEP;
	}
}

/* Index of the last period in the name, or nameLength if it has none. */
static size_t dk_last_period(LPCWSTR name, size_t nameLength)
{
	size_t i;

	for (i = nameLength; i > 0; i--)
		if (name[i - 1] == L'.')
			return i - 1;
	return nameLength;
}

/* live and next hold expressionLength + 1 flags each; live[i] means "expression position i
 * is reachable after the name characters used so far". */
static BOOL dk_run_automaton(LPCWSTR expression, size_t expressionLength, LPCWSTR name, size_t nameLength,
	BOOL ignoreCase, BYTE *live, BYTE *next)
{
	size_t lastPeriod = dk_last_period(name, nameLength);
	size_t pos, i;

	ZeroMemory(live, expressionLength + 1);
	live[0] = 1;
	for (pos = 0;; pos++) {
		BOOL atEnd = pos == nameLength;
		WCHAR c = atEnd ? 0 : name[pos];
		BOOL anyLive = FALSE;
		BYTE *swap;

		/* Empty matches only lead forward, so one ascending pass closes the set. */
		for (i = 0; i < expressionLength; i++)
			if (live[i] && dk_matches_nothing_here(expression[i], atEnd, c))
				live[i + 1] = 1;
		if (atEnd)
			return live[expressionLength];

		ZeroMemory(next, expressionLength + 1);
		for (i = 0; i < expressionLength; i++) {
			if (!live[i])
				continue;
			switch (dk_take_character(expression[i], c, pos == lastPeriod, ignoreCase)) {
			case STAY:
				next[i] = 1;
				anyLive = TRUE;
				break;
			case ADVANCE:
				next[i + 1] = 1;
				anyLive = TRUE;
				break;
			case NO_STEP:
				break;
			}
		}
		if (!anyLive)
			return FALSE;
		swap = live;
		live = next;
		next = swap;
	}
}

BOOL DOKANAPI DokanIsNameInExpression(LPCWSTR Expression, LPCWSTR Name, BOOL IgnoreCase)
{
	BYTE stackState[2 * (STACK_EXPRESSION_LENGTH + 1)];
	BYTE *state = stackState;
	size_t expressionLength, nameLength;
	BOOL matched;

	if (Expression == NULL || Name == NULL)
		return FALSE;
	expressionLength = wcslen(Expression);
	nameLength = wcslen(Name);
	if (expressionLength == 1 && Expression[0] == L'*')
		return TRUE;

	if (expressionLength > STACK_EXPRESSION_LENGTH) {
		state = HeapAlloc(GetProcessHeap(), 0, 2 * (expressionLength + 1));
		if (state == NULL)
			return FALSE;
	}
	matched = dk_run_automaton(Expression, expressionLength, Name, nameLength, IgnoreCase, state,
		state + expressionLength + 1);
	if (state != stackState)
		HeapFree(GetProcessHeap(), 0, state);
	return matched;
}
