import type { Catalogue } from './catalogue';

/**
 * The Korean message catalogue, as KOSME and KB staff and the enterprises read
 * it. Codes (statuses, hazards, agency kinds) and field names stay as the API
 * spells them, so that a message matches the field path and the screen.
 */
const or = (values: readonly string[]) => values.join(' 또는 ');
const field = (name: string) => `'${name}' 항목`;

/** What a NOT_FOUND id should have named (visibleTable's nouns), in Korean. */
export const NOUNS_KO: Record<string, string> = {
  agency: '기관',
  'application review': '신청 심사',
  'audit event': '감사 기록',
  disbursement: '지급',
  enterprise: '기업',
  'funding agreement': '지원 협약',
  'improvement activity': '개선 활동',
  'performance target': '성과 목표',
  program: '사업',
  recommendation: '추천',
  'safety technology': '안전기술',
  'supplier application': '공급기업 신청',
  'supplier call': '공급기업 모집 공고',
  'supplier match': '공급기업 매칭',
  'support request': '지원 요청',
  'target evaluation': '성과 평가',
};

/** The things a list input names, in the decorators' English, in Korean. */
export const LIST_NOUNS_KO: Record<string, string> = {
  hazard: '유해·위험요인',
  region: '지역',
  technology: '기술',
  technologies: '기술',
  target: '성과 목표',
  targets: '성과 목표',
  criterion: '평가 항목',
  criteria: '평가 항목',
  score: '점수',
  scores: '점수',
  tier: '구간',
  tiers: '구간',
  type: '유형',
  types: '유형',
  reference: '증빙 자료',
  references: '증빙 자료',
};

const AGREEMENT_ACTION = { activate: '발효', complete: '완료 처리', terminate: '해지' } as const;
const AGREEMENT_WORK = {
  addTarget: '성과 목표를 추가할',
  reportActivity: '개선 활동을 보고할',
  prepareEvaluation: '성과 평가를 준비할',
  finalizeEvaluation: '성과 평가를 확정할',
} as const;
const SIDE = { beneficiary: '수혜기업', supplier: '공급기업' } as const;

export const ko: Catalogue = {
  'common.notFound': (noun) => `이 ID에 해당하는 ${NOUNS_KO[noun] ?? noun}이(가) 없습니다`,
  'common.nulCharacter': () => '텍스트에 U+0000 문자를 넣을 수 없습니다',
  'common.idempotencyKeyInvalid': (maxLength) => `idempotencyKey는 NUL 문자 없이 1자 이상 ${maxLength}자 이하여야 합니다`,

  'validation.textLength': (name, min, max) => `${field(name)}은 ${min}자 이상 ${max}자 이하로 입력해 주십시오`,
  'validation.textMaxLength': (name, max) => `${field(name)}은 ${max}자 이하로 입력해 주십시오`,
  'validation.notBlank': (name) => `${field(name)}은 공백만으로 입력할 수 없습니다`,
  'validation.between': (name, min, max) => `${field(name)}은 ${min} 이상 ${max} 이하여야 합니다`,
  'validation.atLeast': (name, min) => `${field(name)}은 ${min} 이상이어야 합니다`,
  'validation.atMost': (name, max) => `${field(name)}은 ${max} 이하여야 합니다`,
  'validation.arrayAtLeastOne': (name, noun) => `${field(name)}에 ${LIST_NOUNS_KO[noun] ?? noun}을(를) 하나 이상 지정해 주십시오`,
  'validation.arrayAtMost': (name, max, noun) => `${field(name)}에는 ${LIST_NOUNS_KO[noun] ?? noun}을(를) 최대 ${max}개까지 지정할 수 있습니다`,
  'validation.arrayUnique': (name, noun) => `${field(name)}에 같은 ${LIST_NOUNS_KO[noun] ?? noun}을(를) 두 번 지정할 수 없습니다`,
  'validation.code': (name, max, symbols, startsWithLetterOrDigit) =>
    `${field(name)}은 영문자, 숫자, ${symbols.map((symbol) => `"${symbol}"`).join(', ')}로 된 1자 이상 ${max}자여야 합니다` +
    (startsWithLetterOrDigit ? '(첫 글자는 영문자나 숫자)' : ''),
  'validation.sha256': (name) => `${field(name)}은 16진수 64자여야 합니다`,
  'validation.evidenceUri': (name) => `${field(name)}은 공백이나 제어 문자가 없는 s3:// 또는 https:// 주소여야 합니다`,
  'validation.integer': (name) => `${field(name)}은 정수여야 합니다`,
  'validation.invalid': (name) => `${field(name)}의 값이 올바르지 않습니다`,

  'enterprise.invalidBrn': () => '사업자등록번호의 검증번호가 맞지 않습니다: 10자리 숫자(000-00-00000)로 입력해 주십시오',
  'enterprise.invalidIndustryCode': () =>
    '업종 코드(industryCode)는 한국표준산업분류(KSIC) 코드여야 합니다: 대분류 문자 A-U 뒤에 숫자 2-5자리(예: C25) 또는 숫자 2-5자리(예: 25112)',
  'enterprise.duplicateBrn': () => '이미 같은 사업자등록번호로 등록된 기업이 있습니다',

  'technology.tooMany': (limit) => `한 기업이 등록할 수 있는 안전기술은 최대 ${limit}건입니다`,

  'webhook.urlInvalid': () => 'url은 공백 없는 2000자 이하의 절대 URL이어야 합니다',
  'webhook.urlNotHttps': () => 'url은 https://로 시작해야 합니다 (http://는 WEBHOOK_ALLOW_HTTP가 허용하는 곳에서만)',
  'webhook.urlCredentials': () => 'url에 사용자 이름이나 비밀번호를 넣을 수 없습니다. 수신 측은 서명을 확인합니다',
  'webhook.urlNotPublic': (address) =>
    `url이 가리키는 ${address}는 루프백, 사설, 링크 로컬 등 공인되지 않은 주소입니다. 웹훅은 공인 주소로만 보냅니다`,
  'webhook.urlUnresolvable': (host) => `url의 호스트 ${host}의 주소를 찾을 수 없습니다`,
  'webhook.tooManyEndpoints': (limit) => `기관마다 웹훅 엔드포인트는 최대 ${limit}개까지 등록할 수 있습니다. 하나를 비활성화하고 다시 쓰십시오`,
  'webhook.endpointDisabled': () => '이 전송의 엔드포인트가 비활성화되어 있습니다. 먼저 활성화하십시오',
  'recommendation.technologyOfAnotherEnterprise': () => '기술은 추천 대상 기업의 기술이어야 합니다',
  'recommendation.notPending': (status) => `PENDING 상태의 추천만 결정할 수 있습니다. 이 추천은 ${status} 상태입니다`,
  'recommendation.duplicatePending': () => '이 기업을 이 금융기관에 추천한 PENDING 건이 이미 있습니다. 그 결정을 기다려 주십시오',

  'agreement.endsOnNotAfterStartsOn': () => '종료일(endsOn)은 시작일(startsOn) 이후여야 합니다',
  'agreement.recommendationNotAccepted': (status) => `협약은 ACCEPTED 상태의 추천으로만 작성할 수 있습니다. 이 추천은 ${status} 상태입니다`,
  'agreement.terminationWithoutReason': () => '협약을 해지하려면 사유를 입력해 주십시오',
  'agreement.activationWithoutTarget': () => '협약을 발효하려면 성과 목표가 하나 이상 있어야 합니다',
  'agreement.tooManyTargets': (limit) => `협약 하나에 성과 목표는 최대 ${limit}개까지 둘 수 있습니다`,
  'agreement.notInStatusFor': (action, current, from) =>
    `${current} 상태의 협약은 ${AGREEMENT_ACTION[action]}할 수 없습니다. ${or(from)} 상태의 협약만 가능합니다`,
  'agreement.workNotAllowed': (work, current, allowed) =>
    `${current} 상태의 협약에는 ${AGREEMENT_WORK[work]} 수 없습니다. 협약이 ${or(allowed)} 상태여야 합니다`,
  'agreement.duplicateNumber': () => '이미 같은 협약번호(agreementNumber)의 협약이 있습니다',
  'agreement.duplicateRecommendation': () => '이 추천으로 작성된 협약이 이미 있습니다',

  'target.baselineNegative': () => '기준값(baseline)은 0 이상이어야 합니다',
  'target.valueNotAboveBaseline': (baseline) => `목표값(targetValue)은 기준값(${baseline})보다 커야 합니다`,
  'target.periodOutsideTerm': (part, startsOn, endsOn) => `${part}은(는) 협약 기간(${startsOn} ~ ${endsOn}) 안에 있어야 합니다`,
  'target.periodEndBeforeStart': () => '기간 종료일(periodEnd)은 시작일(periodStart)보다 앞설 수 없습니다',
  'target.ruleTakesNo': (kind, part) => `${kind} 지급 규칙에는 ${part}을(를) 지정할 수 없습니다`,
  'target.tieredWithoutTier': () => 'TIERED 지급 규칙에는 구간(tier)이 하나 이상 있어야 합니다',
  'target.tierMinAchievementNotIncreasing': () => '구간의 최소 달성률(minAchievement)은 구간마다 커져야 합니다',
  'target.tierShareDecreasing': () => '구간의 지급 비율(share)은 앞 구간보다 작을 수 없습니다',
  'target.ratioOutOfRange': (name, max) => `${field(name)}은 0 이상 ${max} 이하여야 합니다`,
  'target.ratioDecimals': (name) => `${field(name)}은 소수점 넷째 자리까지만 입력할 수 있습니다`,

  'activity.beneficiaryNotMatched': () => '수혜기업과 이 협약 사이에 ACCEPTED 상태의 매칭이 없습니다. 개선 활동은 매칭된 사업장에서만 보고할 수 있습니다',
  'activity.beneficiaryMatchedLater': (completedOn, acceptedOn) =>
    `수혜기업과 이 협약의 매칭은 완료일(${completedOn}) 이후인 ${acceptedOn}에 수락되었습니다. 개선 활동은 수락일부터 인정됩니다`,
  'activity.riskLevelAlone': (missing, given) => `${given}을(를) 입력할 때는 ${missing}도 함께 입력해 주십시오`,
  'activity.completedBeforeStarted': () => '완료일(completedOn)은 시작일(startedOn)보다 앞설 수 없습니다',
  'activity.completedInFuture': (today) => `완료일(completedOn)은 미래일 수 없습니다(오늘은 한국 시간으로 ${today}입니다)`,
  'activity.completedOutsideTerm': (startsOn, endsOn) => `완료일(completedOn)은 협약 기간(${startsOn} ~ ${endsOn}) 안에 있어야 합니다`,
  'activity.beneficiaryIsProvider': () => '수혜기업은 공급기업(협약의 지원 대상 기업)과 다른 기업이어야 합니다',
  'activity.technologyOfAnotherProvider': () => '기술은 공급기업(협약의 지원 대상 기업)의 기술이어야 합니다',
  'activity.alreadyDecided': (verb, status) =>
    `${status} 상태의 개선 활동은 ${verb === 'verify' ? '검증' : '반려'}할 수 없습니다. REPORTED 상태의 활동만 검증하거나 반려할 수 있으며, 결정은 번복할 수 없습니다`,
  'activity.duplicate': () => '이미 보고된 개선 활동입니다: 협약, 수혜기업, 기술, 완료일이 모두 같습니다',

  'evaluation.targetSettled': () => '이 성과 목표에는 이미 확정된 평가가 있어 다시 평가할 수 없습니다',
  'evaluation.tooMany': (limit) => `성과 목표 하나는 최대 ${limit}회까지 평가할 수 있습니다(작성 중인 평가와 무효 처리된 평가 포함)`,
  'evaluation.targetFinalized': () => '이 성과 목표에는 이미 확정된 평가가 있습니다',
  'evaluation.preparerSubjectFinalizing': () => '이중 확인(R10): 이 평가를 준비한 분이므로 다른 담당자가 확정해야 합니다',
  'evaluation.periodRunningNotAchieved': (periodEnd, today) =>
    `성과 목표의 기간은 ${periodEnd}까지입니다(오늘은 서울 기준 ${today}). 기간이 끝나기 전에는 목표를 달성한 경우에만 평가를 확정할 수 있습니다`,
  'evaluation.staleMatches': (countedThen, countedNow) =>
    `이 평가를 준비한 뒤 성과 목표 기간의 개선 사업장이 바뀌었습니다(준비 당시 ${countedThen}곳, 현재 ${countedNow}곳). 평가를 새로 준비해 주십시오`,
  'evaluation.stale': (countedThen, countedNow) =>
    `이 평가를 준비한 뒤 성과 목표 기간의 검증된 개선 활동이 바뀌었습니다(준비 당시 ${countedThen}건, 현재 기준 ${countedNow}건). 평가를 새로 준비해 주십시오`,
  'evaluation.notInStatusFor': (action, from, current) =>
    `${or(from)} 상태의 평가만 ${action === 'finalize' ? '확정' : '무효 처리'}할 수 있습니다. 이 평가는 ${current} 상태입니다`,

  'disbursement.invalidBankReference': (maxLength) =>
    `은행 거래 참조번호(bankReference)는 앞뒤 공백을 빼고 1자 이상 ${maxLength}자 이하여야 하며 제어 문자를 넣을 수 없습니다`,
  'disbursement.paidAtInFuture': (skewMinutes) => `지급일시(paidAt)는 미래일 수 없습니다(시계 오차는 ${skewMinutes}분까지 허용됩니다)`,
  'disbursement.paidBeforeScheduled': (scheduledAt, skewMinutes) =>
    `지급일시(paidAt)는 지급 예정 등록 시점(${scheduledAt})보다 앞설 수 없습니다(시계 오차는 ${skewMinutes}분까지 허용됩니다)`,
  'disbursement.idempotencyKeyReusedSameOperation': () =>
    '이 idempotencyKey는 이미 다른 인자로 사용되었습니다. 다른 지급에는 새 키를 사용해 주십시오',
  'disbursement.idempotencyKeyReused': (firstOperation) => `이 idempotencyKey는 이미 ${firstOperation}에 사용되었습니다. 새 키를 사용해 주십시오`,
  'disbursement.alreadyPaid': () => '이미 지급(PAID) 처리된 건입니다',
  'disbursement.cancelled': () => '협약 해지로 취소(CANCELLED)된 지급 건이므로 더 이상 지급할 수 없습니다',

  'program.endsOnNotAfterStartsOn': () => '종료일(endsOn)은 시작일(startsOn) 이후여야 합니다',
  'program.budgetNotPositive': () => '사업 예산(budget)은 0보다 커야 합니다',
  'program.operatorNotPublicAgency': (code, kind) => `운영기관은 공공기관(PUBLIC_AGENCY)이어야 합니다. ${code}은(는) ${kind}입니다`,
  'program.operatorOfAnotherAgency': (own) =>
    `기관 담당자는 소속 기관(${own})의 사업만 만들 수 있습니다. operatorId를 비우거나 ${own}을(를) 지정해 주십시오`,
  'program.operatorRequired': () => '운영하는 공공기관(PUBLIC_AGENCY)을 지정해 주십시오: 토큰에 소속 기관이 없습니다',
  'program.funderNotFinancialInstitution': (code, kind) => `재원 기관은 금융기관(FINANCIAL_INSTITUTION)이어야 합니다. ${code}은(는) ${kind}입니다`,
  'program.funderNotTheProgramsFunder': (programCode) =>
    `사업 ${programCode}의 재원 기관은 다른 기관입니다. funderId를 비우거나 이 사업의 재원 기관을 지정해 주십시오`,
  'program.programRequired': () => '사업(programId)을 지정하거나, 진행 중인 사업이 하나뿐인 재원 기관(funderId)을 지정해 주십시오',
  'program.noRunningProgram': (funderCode) => `귀 기관이 운영하는 ${funderCode} 재원 사업 중 오늘 진행 중인 사업이 없습니다. 사업(programId)을 지정해 주십시오`,
  'program.severalRunningPrograms': (funderCode, count) =>
    `귀 기관이 운영하는 ${funderCode} 재원 사업 중 오늘 진행 중인 사업이 ${count}개입니다. 사업(programId)을 지정해 주십시오`,
  'program.termOutsideProgram': (program) => `기간은 사업 ${program.code}의 기간(${program.startsOn} ~ ${program.endsOn}) 안에 있어야 합니다`,
  'program.budgetExceeded': (code, needed, remaining) =>
    `프로그램 예산이 부족합니다: 협약을 발효하려면 ₩${needed}(기본 지원금 + 성과 지원금 한도)가 필요하지만 사업 ${code}의 잔액은 ₩${remaining}입니다`,
  'program.duplicateCode': () => '이미 같은 사업 코드의 사업이 있습니다',

  'call.closesAtNotAfterOpensAt': () => '마감일시(closesAt)는 접수 시작일시(opensAt) 이후여야 합니다',
  'call.closesAfterProgram': (code, endsOn) => `마감일시(closesAt)는 사업 ${code}의 종료일(${endsOn}, 한국 시간)보다 늦을 수 없습니다`,
  'call.maxBaseAmountNotPositive': () => '기본 지원금 한도(maxBaseAmount)는 0보다 커야 합니다',
  'call.duplicateCriterionKey': (key) => `평가 항목 키 "${key}"가 두 번 쓰였습니다. 키는 서로 달라야 합니다`,
  'call.passingScoreDecimals': () => '합격 점수(passingScore)는 소수점 둘째 자리까지만 입력할 수 있습니다',
  'call.passingScoreOutOfRange': (maximum) => `합격 점수(passingScore)는 0 이상, 평가 항목 배점 합계(${maximum}) 이하여야 합니다`,
  'call.notOpen': (status) => `신청은 공고가 OPEN 상태일 때만 받습니다. 현재 ${status} 상태입니다`,
  'call.withdrawNotOpen': (status) => `신청은 공고가 OPEN 상태일 때만 철회할 수 있습니다. 현재 ${status} 상태입니다`,
  'call.notSubmitted': (status) => `SUBMITTED 상태의 신청만 변경할 수 있습니다. 이 신청은 ${status} 상태입니다`,
  'call.technologyOfAnotherEnterprise': (name) => `기술 "${name}"은(는) 신청 기업이 아닌 다른 기업의 기술입니다`,
  'call.technologyNotReady': (name, level, minimum) =>
    `기술 "${name}"의 기술성숙도는 ${level}단계입니다. 이 공고는 ${minimum}단계 이상을 요구합니다`,
  'call.noEligibleHazard': (eligible) => `신청 기술이 공고의 대상 유해·위험요인 중 하나 이상을 다루어야 합니다: ${eligible.join(', ')}`,
  'call.requestAboveMaximum': (maximum) => `신청 기본 지원금(requestedBaseAmount)은 0보다 크고 공고의 한도(₩${maximum}) 이하여야 합니다`,
  'call.targetPeriodOutsideProgram': (program) =>
    `기간은 사업 ${program.code}의 기간(${program.startsOn} ~ ${program.endsOn}) 안에 있어야 하며, periodStart가 periodEnd보다 늦을 수 없습니다`,
  'call.targetValueNotAboveBaseline': () => '목표값(targetValue)은 기준값(baseline)보다 커야 합니다',
  'call.reviewNotClosed': (status) => `심사는 공고가 CLOSED 상태일 때만 할 수 있습니다. 현재 ${status} 상태입니다`,
  'call.unknownCriterion': (key) => `공고에 "${key}" 평가 항목이 없습니다`,
  'call.criterionScoredTwice': (key) => `평가 항목 "${key}"에 점수가 두 번 매겨졌습니다. 항목마다 한 번씩 채점해 주십시오`,
  'call.criterionNotScored': (keys) => `모든 평가 항목을 채점해야 합니다. 빠진 항목: ${keys.join(', ')}`,
  'call.pointsOutOfRange': (key, maxPoints) => `"${key}"의 점수는 0 이상 ${maxPoints} 이하여야 합니다`,
  'call.tooManyReviewers': (limit) => `신청 한 건의 심사위원은 최대 ${limit}명입니다`,
  'call.decisionNotClosed': (status) => `공고는 CLOSED 상태에서 한 번만 결정할 수 있습니다. 현재 ${status} 상태입니다`,
  'call.reviewsMissing': (lacking, required) => `SUBMITTED 상태의 신청 ${lacking}건이 결정 전에 필요한 심사 ${required}건을 채우지 못했습니다`,
  'call.pendingRecommendationExists': (names) =>
    `이미 사업의 재원 기관에 추천되어 결정을 기다리는 기업이 있습니다: ${names.join(', ')}. 재원 기관이 먼저 결정해야 합니다`,
  'call.duplicateDecisionRecommendation': () => '선정된 신청 기업이 방금 사업의 재원 기관에 직접 추천되었습니다. 재원 기관이 먼저 결정해야 합니다',
  'call.duplicateApplication': () => '이미 같은 신청 기업의 이 공고 신청이 있습니다. 다시 신청하려면 먼저 철회해 주십시오',

  'matching.programNotRunning': (program, today) =>
    `사업 ${program.code}의 기간은 ${program.startsOn} ~ ${program.endsOn}입니다. 오늘은 ${today}입니다`,
  'matching.requestNotOpen': (status) => `OPEN 상태의 지원 요청만 철회할 수 있습니다. 이 요청은 ${status} 상태입니다`,
  'matching.requestWithdrawn': () => '철회(WITHDRAWN)된 지원 요청이므로 매칭할 수 없습니다',
  'matching.agreementNotActive': (status) => `ACTIVE 상태인 협약의 공급기업만 매칭할 수 있습니다. 이 협약은 ${status} 상태입니다`,
  'matching.agreementOfAnotherProgram': () => '협약이 지원 요청과 다른 사업에 속해 있습니다',
  'matching.supplierIsBeneficiary': () => '협약의 공급기업이 지원을 요청한 수혜기업 자신입니다',
  'matching.tooManyMatchesOfAgreement': (limit) => `협약 하나에 PROPOSED 또는 ACCEPTED 상태의 매칭은 최대 ${limit}건입니다`,
  'matching.tooManyMatchesOfRequest': (limit) => `지원 요청 하나의 매칭은 최대 ${limit}건입니다`,
  'matching.matchNotProposed': (status) => `PROPOSED 상태의 매칭에만 응답할 수 있습니다. 이 매칭은 ${status} 상태입니다`,
  'matching.alreadyAnswered': (side, answer, on) => `${SIDE[side]}이 이미 응답했습니다: ${on}에 ${answer}`,
  'matching.declineWithoutReason': () => '거절하려면 사유를 입력해 주십시오',
  'matching.onBehalfOfRequired': () => '기관 담당자가 응답을 기록할 때는 어느 쪽의 응답인지(onBehalfOf) 지정해 주십시오',
  'matching.onBehalfOfForEnterprise': (name) => `기업은 자기 응답을 오늘 날짜로 직접 합니다. ${name}은(는) 기관 담당자가 응답을 기록할 때 쓰는 항목입니다`,
  'matching.dayInFuture': (today) => `날짜는 오늘(${today})보다 늦을 수 없습니다`,
  'matching.dayOutsideProgram': (program) => `날짜는 사업 ${program.code}의 기간(${program.startsOn} ~ ${program.endsOn}) 안에 있어야 합니다`,
  'matching.cancelNotLive': (status) => `PROPOSED 또는 ACCEPTED 상태의 매칭만 취소할 수 있습니다. 이 매칭은 ${status} 상태입니다`,
  'matching.cancelWithoutReason': () => '취소하려면 사유를 입력해 주십시오',
  'matching.cancelWithActivities': (count) => `이 매칭에는 보고된 개선 활동이 ${count}건 있어 취소할 수 없습니다`,
  'matching.assessmentOfUnacceptedMatch': (status) => `사업장 평가는 ACCEPTED 상태의 매칭에만 기록합니다. 이 매칭은 ${status} 상태입니다`,
  'matching.followUpWithoutBaseline': () => 'FOLLOW_UP 평가 전에 BASELINE 평가를 먼저 기록해 주십시오',
  'matching.followUpBeforeBaseline': (baselineOn) => `FOLLOW_UP 평가일은 BASELINE 평가일(${baselineOn})보다 앞설 수 없습니다`,
  'matching.baselineAfterFollowUp': (followUpOn) => `BASELINE 평가일은 FOLLOW_UP 평가일(${followUpOn})보다 늦을 수 없습니다`,
  'matching.assessmentCounted': () => '확정(FINALIZED)된 성과 평가에 반영된 매칭이므로 사업장 평가를 바꿀 수 없습니다',
  'matching.duplicateOpenRequest': () => '수혜기업이 이 사업에서 같은 사업장에 대해 낸 OPEN 상태의 지원 요청이 이미 있습니다',
  'matching.duplicateLiveMatch': () => '이 지원 요청에는 이미 같은 공급기업과의 PROPOSED 또는 ACCEPTED 상태 매칭이 있습니다',
};
