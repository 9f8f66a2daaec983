// SPDX-License-Identifier: LGPL-3.0-or-later
// test_scm_retry.c - the one retry loop of the service-manager operations (common/scm.c):
// which answers it retries, that it stops at the first other error, how long it keeps
// going and how its pauses grow. The attempts here are scripted, not the service manager
// (e2e_busy_scm makes a real manager busy).
#include <windows.h>
#include <stdio.h>

#include "scm.h"
#include "check.h"

#define MAX_ATTEMPTS 64
#define TIMING_SLACK_MS 300 // a loaded machine sleeps longer than asked, never shorter

// A scripted operation: answer i is what attempt i returns; the last answer repeats.
typedef struct SCRIPT {
	const DWORD *Answers;
	unsigned AnswerCount;
	unsigned Attempts;
	ULONGLONG At[MAX_ATTEMPTS]; // when each attempt ran
} SCRIPT;

#define check(what, ok) CHECK(ok, "%s", what)

static DWORD scripted_attempt(DK_SCM_OPERATION *op)
{
	SCRIPT *script = op->Context;
	unsigned index = script->Attempts < script->AnswerCount ? script->Attempts
	                                                        : script->AnswerCount - 1;
	DWORD answer = script->Answers[index];

	if (script->Attempts < MAX_ATTEMPTS)
		script->At[script->Attempts] = GetTickCount64();
	script->Attempts++;
	if (answer == SCM_STILL_PENDING)
		op->PendingState = SERVICE_START_PENDING;
	return answer;
}

static DWORD run_script(SCRIPT *script, const DWORD *answers, unsigned count,
                        const DK_SCM_RETRY_POLICY *policy)
{
	DK_SCM_OPERATION op = { L"test", L"Scripted", scripted_attempt, script, 0 };

	ZeroMemory(script, sizeof(*script));
	script->Answers = answers;
	script->AnswerCount = count;
	return dk_scm_retry(&op, policy);
}

static const DK_SCM_RETRY_POLICY quick = { 2000, 10, 40 };

static void busy_answers_are_retried_until_success(void)
{
	const DWORD answers[] = { ERROR_SERVICE_DATABASE_LOCKED, ERROR_SERVICE_REQUEST_TIMEOUT,
	                          ERROR_SERVICE_CANNOT_ACCEPT_CTRL, SCM_STILL_PENDING, NO_ERROR };
	SCRIPT script;
	DWORD result = run_script(&script, answers, ARRAYSIZE(answers), &quick);

	check("1055, 1053, 1061 and pending are retried; then success", result == NO_ERROR);
	check("five attempts for five answers", script.Attempts == 5);
}

static void other_errors_are_not_retried(void)
{
	const DWORD denied[] = { ERROR_ACCESS_DENIED, NO_ERROR };
	const DWORD missing[] = { ERROR_SERVICE_DOES_NOT_EXIST, NO_ERROR };
	const DWORD after_busy[] = { ERROR_SERVICE_DATABASE_LOCKED, ERROR_SERVICE_EXISTS };
	SCRIPT script;

	check("access denied is final", run_script(&script, denied, 2, &quick) == ERROR_ACCESS_DENIED &&
	      script.Attempts == 1);
	check("a missing service is final",
	      run_script(&script, missing, 2, &quick) == ERROR_SERVICE_DOES_NOT_EXIST &&
	      script.Attempts == 1);
	check("an error after a busy answer is final and returned",
	      run_script(&script, after_busy, 2, &quick) == ERROR_SERVICE_EXISTS &&
	      script.Attempts == 2);
}

// With pauses of 100, 200, 200 ms a 600 ms budget allows four attempts; the next pause
// would end beyond it.
static void a_busy_manager_is_given_up_on_in_time(void)
{
	const DK_SCM_RETRY_POLICY policy = { 600, 100, 200 };
	const DWORD locked[] = { ERROR_SERVICE_DATABASE_LOCKED };
	SCRIPT script;
	ULONGLONG start = GetTickCount64();
	DWORD result = run_script(&script, locked, 1, &policy);
	ULONGLONG elapsed = GetTickCount64() - start;

	printf("always locked: %u attempts in %llu ms\n", script.Attempts, elapsed);
	check("the last error is returned when time is up", result == ERROR_SERVICE_DATABASE_LOCKED);
	check("no attempt starts after the budget", script.Attempts >= 2 && script.Attempts <= 4);
	check("it ends within the budget", elapsed <= policy.TotalMs + TIMING_SLACK_MS);
}

static void a_service_still_pending_ends_as_a_timeout(void)
{
	const DK_SCM_RETRY_POLICY policy = { 300, 50, 100 };
	const DWORD pending[] = { SCM_STILL_PENDING };
	const DWORD in_progress[] = { SCM_IN_PROGRESS };
	const DWORD progress_then_done[] = { SCM_IN_PROGRESS, SCM_IN_PROGRESS, NO_ERROR };
	SCRIPT script;

	check("still pending at the end gives ERROR_SERVICE_REQUEST_TIMEOUT",
	      run_script(&script, pending, 1, &policy) == ERROR_SERVICE_REQUEST_TIMEOUT);
	check("its own request still in progress at the end gives ERROR_SERVICE_REQUEST_TIMEOUT",
	      run_script(&script, in_progress, 1, &policy) == ERROR_SERVICE_REQUEST_TIMEOUT);
	check("its own request in progress is waited for",
	      run_script(&script, progress_then_done, 3, &policy) == NO_ERROR &&
	      script.Attempts == 3);
}

// Pauses double from FirstDelayMs and stop growing at MaxDelayMs.
static void pauses_double_up_to_the_cap(void)
{
	const DK_SCM_RETRY_POLICY policy = { 1500, 50, 200 };
	const DWORD expected[] = { 50, 100, 200, 200, 200 };
	const DWORD locked[] = { ERROR_SERVICE_DATABASE_LOCKED };
	SCRIPT script;
	BOOL ok = TRUE;

	run_script(&script, locked, 1, &policy);
	for (unsigned i = 0; i < ARRAYSIZE(expected) && i + 1 < script.Attempts; i++) {
		ULONGLONG gap = script.At[i + 1] - script.At[i];
		printf("pause %u: %llu ms (asked %lu)\n", i + 1, gap, expected[i]);
		// GetTickCount64 ticks in 10-16 ms steps: allow one step below
		ok = ok && gap + 16 >= expected[i] && gap <= expected[i] + TIMING_SLACK_MS;
	}
	check("at least six attempts in 1.5 s", script.Attempts >= 6);
	check("pauses of 50, 100, 200, 200, 200 ms", ok);
}

static void default_policy_is_120_seconds(void)
{
	check("120 s in all, first pause 0.25 s, longest 4 s",
	      dk_scm_default_policy.TotalMs == 120000 && dk_scm_default_policy.FirstDelayMs == 250 &&
	      dk_scm_default_policy.MaxDelayMs == 4000);
}

int main(void)
{
	busy_answers_are_retried_until_success();
	other_errors_are_not_retried();
	a_busy_manager_is_given_up_on_in_time();
	a_service_still_pending_ends_as_a_timeout();
	pauses_double_up_to_the_cap();
	default_policy_is_120_seconds();
	return ck_summary("scm retry");
}
