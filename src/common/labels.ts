import { ActivityKind, HazardType, Region, SafetyTechCategory } from './enums';
import type { Locale } from './locale';

/**
 * Names for people of the values BI groups by (ActivityStatsRow.label), one
 * catalogue per language, in this one place. tests/labels.test.ts checks that
 * every value has its name in both.
 */
type Names<K extends string> = Record<K, Record<Locale, string>>;

export const REGION_NAMES: Names<Region> = {
  SEOUL: { en: 'Seoul', ko: '서울특별시' },
  BUSAN: { en: 'Busan', ko: '부산광역시' },
  DAEGU: { en: 'Daegu', ko: '대구광역시' },
  INCHEON: { en: 'Incheon', ko: '인천광역시' },
  GWANGJU: { en: 'Gwangju', ko: '광주광역시' },
  DAEJEON: { en: 'Daejeon', ko: '대전광역시' },
  ULSAN: { en: 'Ulsan', ko: '울산광역시' },
  SEJONG: { en: 'Sejong', ko: '세종특별자치시' },
  GYEONGGI: { en: 'Gyeonggi Province', ko: '경기도' },
  GANGWON: { en: 'Gangwon Province', ko: '강원특별자치도' },
  CHUNGBUK: { en: 'North Chungcheong Province', ko: '충청북도' },
  CHUNGNAM: { en: 'South Chungcheong Province', ko: '충청남도' },
  JEONBUK: { en: 'North Jeolla Province', ko: '전북특별자치도' },
  JEONNAM: { en: 'South Jeolla Province', ko: '전라남도' },
  GYEONGBUK: { en: 'North Gyeongsang Province', ko: '경상북도' },
  GYEONGNAM: { en: 'South Gyeongsang Province', ko: '경상남도' },
  JEJU: { en: 'Jeju', ko: '제주특별자치도' },
};

export const HAZARD_NAMES: Names<HazardType> = {
  FALL: { en: 'Falls from height', ko: '추락' },
  CAUGHT_IN_MACHINERY: { en: 'Caught in machinery', ko: '끼임' },
  STRUCK_BY: { en: 'Struck by objects, collisions', ko: '부딪힘' },
  CONFINED_SPACE: { en: 'Confined spaces', ko: '밀폐공간 질식' },
  FIRE_EXPLOSION: { en: 'Fire and explosion', ko: '화재·폭발' },
  CHEMICAL_EXPOSURE: { en: 'Chemical exposure', ko: '화학물질 노출' },
  ELECTRICAL: { en: 'Electric shock', ko: '감전' },
  ERGONOMIC: { en: 'Ergonomic strain', ko: '근골격계 부담' },
  HEAT_STRESS: { en: 'Heat stress', ko: '온열질환' },
  VEHICLE: { en: 'Vehicles and mobile equipment', ko: '차량·운반기계' },
};

export const ACTIVITY_KIND_NAMES: Names<ActivityKind> = {
  PRODUCT_SUPPLY: { en: 'Product supply', ko: '제품 공급' },
  ON_SITE_INSPECTION: { en: 'On-site inspection', ko: '현장 점검' },
  CONSULTING: { en: 'Consulting', ko: '컨설팅' },
  TRAINING: { en: 'Training', ko: '안전 교육' },
};

export const TECHNOLOGY_CATEGORY_NAMES: Names<SafetyTechCategory> = {
  GAS_DETECTION: { en: 'Gas detection', ko: '가스 감지' },
  AI_VISION: { en: 'AI vision', ko: 'AI 영상 인식' },
  WEARABLE_MONITORING: { en: 'Wearable monitoring', ko: '웨어러블 모니터링' },
  FALL_PROTECTION: { en: 'Fall protection', ko: '추락 방지' },
  MACHINE_GUARDING: { en: 'Machine guarding', ko: '기계 방호' },
  ENVIRONMENT_MONITORING: { en: 'Environment monitoring', ko: '환경 모니터링' },
  SAFETY_MANAGEMENT_SOFTWARE: { en: 'Safety management software', ko: '안전관리 소프트웨어' },
  OTHER: { en: 'Other', ko: '기타' },
};

/** KSIC (10th revision) sections, and the divisions the program's worksites and suppliers are in. */
export const KSIC_TITLES: Record<string, Record<Locale, string>> = {
  A: { en: 'Agriculture, forestry and fishing', ko: '농업, 임업 및 어업' },
  B: { en: 'Mining and quarrying', ko: '광업' },
  C: { en: 'Manufacturing', ko: '제조업' },
  D: { en: 'Electricity, gas, steam and air conditioning supply', ko: '전기, 가스, 증기 및 공기 조절 공급업' },
  E: { en: 'Water supply; sewage, waste management and materials recovery', ko: '수도, 하수 및 폐기물 처리, 원료 재생업' },
  F: { en: 'Construction', ko: '건설업' },
  G: { en: 'Wholesale and retail trade', ko: '도매 및 소매업' },
  H: { en: 'Transportation and storage', ko: '운수 및 창고업' },
  I: { en: 'Accommodation and food service activities', ko: '숙박 및 음식점업' },
  J: { en: 'Information and communication', ko: '정보통신업' },
  K: { en: 'Financial and insurance activities', ko: '금융 및 보험업' },
  L: { en: 'Real estate activities', ko: '부동산업' },
  M: { en: 'Professional, scientific and technical activities', ko: '전문, 과학 및 기술 서비스업' },
  N: { en: 'Business facilities management and business support services', ko: '사업시설 관리, 사업 지원 및 임대 서비스업' },
  O: { en: 'Public administration and defence; compulsory social security', ko: '공공 행정, 국방 및 사회보장 행정' },
  P: { en: 'Education', ko: '교육 서비스업' },
  Q: { en: 'Human health and social work activities', ko: '보건업 및 사회복지 서비스업' },
  R: { en: 'Arts, sports and recreation related services', ko: '예술, 스포츠 및 여가관련 서비스업' },
  S: { en: 'Membership organizations, repair and other personal services', ko: '협회 및 단체, 수리 및 기타 개인 서비스업' },
  T: { en: 'Activities of households as employers', ko: '가구 내 고용활동 및 달리 분류되지 않은 자가 소비 생산활동' },
  U: { en: 'Activities of extraterritorial organizations and bodies', ko: '국제 및 외국기관' },
  C10: { en: 'Manufacture of food products', ko: '식료품 제조업' },
  C20: { en: 'Manufacture of chemicals and chemical products', ko: '화학 물질 및 화학제품 제조업' },
  C22: { en: 'Manufacture of rubber and plastics products', ko: '고무 및 플라스틱제품 제조업' },
  C23: { en: 'Manufacture of other non-metallic mineral products', ko: '비금속 광물제품 제조업' },
  C24: { en: 'Manufacture of basic metals', ko: '1차 금속 제조업' },
  C25: { en: 'Manufacture of fabricated metal products', ko: '금속 가공제품 제조업' },
  C26: { en: 'Manufacture of electronic components and communication equipment', ko: '전자 부품, 컴퓨터, 영상, 음향 및 통신장비 제조업' },
  C27: { en: 'Manufacture of medical, precision and optical instruments', ko: '의료, 정밀, 광학 기기 및 시계 제조업' },
  C28: { en: 'Manufacture of electrical equipment', ko: '전기장비 제조업' },
  C29: { en: 'Manufacture of other machinery and equipment', ko: '기타 기계 및 장비 제조업' },
  E38: { en: 'Waste collection, treatment and materials recovery', ko: '폐기물 수집, 운반, 처리 및 원료 재생업' },
  F41: { en: 'General construction', ko: '종합 건설업' },
  F42: { en: 'Specialized construction activities', ko: '전문직별 공사업' },
  H49: { en: 'Land transport and transport via pipelines', ko: '육상 운송 및 파이프라인 운송업' },
  J58: { en: 'Publishing activities', ko: '출판업' },
  J62: { en: 'Computer programming and system integration', ko: '컴퓨터 프로그래밍, 시스템 통합 및 관리업' },
  M72: { en: 'Architectural, engineering and other technical services', ko: '건축 기술, 엔지니어링 및 기타 과학기술 서비스업' },
};

/** The KSIC section of a code given with its letter ("C25") or as digits ("25112"); as the ksic_section() SQL function. */
const SECTION_OF_DIVISION: [number, number, string][] = [
  [1, 3, 'A'], [5, 8, 'B'], [10, 34, 'C'], [35, 35, 'D'], [36, 39, 'E'], [41, 42, 'F'], [45, 47, 'G'], [49, 52, 'H'], [55, 56, 'I'],
  [58, 63, 'J'], [64, 66, 'K'], [68, 68, 'L'], [70, 73, 'M'], [74, 76, 'N'], [84, 84, 'O'], [85, 85, 'P'], [86, 87, 'Q'], [90, 91, 'R'],
  [94, 96, 'S'], [97, 98, 'T'], [99, 99, 'U'],
];

/**
 * An industry code's title: the code's own (its division's for a 5-digit
 * sub-class, e.g. 25112 under C25), else its section's, with the code.
 */
export function industryTitle(code: string, locale: Locale): string {
  const letter = /^[A-U]/.test(code) ? code[0] : SECTION_OF_DIVISION.find(([lo, hi]) => Number(code.slice(0, 2)) >= lo && Number(code.slice(0, 2)) <= hi)?.[2];
  if (!letter) return code;
  const division = /^[A-U]/.test(code) ? code.slice(0, 3) : `${letter}${code.slice(0, 2)}`;
  const title = KSIC_TITLES[code] ?? KSIC_TITLES[division] ?? KSIC_TITLES[letter];
  return title[locale] + (KSIC_TITLES[code] ? '' : ` (${code})`);
}

/** A month "YYYY-MM" for people: "March 2026", "2026년 3월". */
export function monthTitle(month: string, locale: Locale): string {
  const [year, number] = month.split('-').map(Number);
  if (locale === 'ko') return `${year}년 ${number}월`;
  return `${new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(year, number - 1, 1))} ${year}`;
}
