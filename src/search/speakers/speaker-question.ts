/**
 * Recognises questions about what someone said: "what did X say (about Y)?", "X's statements",
 * "quotes from X", "ماذا قال X (عن Y)؟", "تصريحات X". Returns the speaker words as written
 * and the rest of the question (the topic), or undefined for other questions.
 */
export interface SpeakerQuestion {
  speaker: string;
  /** What the question asks about beyond the speaker ("sanctions"), possibly empty. */
  topic: string;
}

const SAY =
  '(?:say|said|says|tell|told|state|stated|claim|claimed|announce|announced|mention|mentioned|think|thought|comment|argue|argued|add|added|declare|declared|write|wrote|urge|urged|call\\s+on|called\\s+on|call\\s+for|called\\s+for|stress|stressed|affirm|affirmed|emphasi[sz]e|warn|warned|deny|denied|praise|praised|thank|thanked|promise|promised|pledge|pledged)';
const STATEMENTS = '(?:statements?|remarks?|comments?|quotes?|quotations?|words|views|position)';
const TOPIC = '(?:\\s+(?:about|on|regarding|concerning|of|to)\\s+(?<topic>.+?))?';

const ENGLISH_PATTERNS = [
  new RegExp(`^(?:what|how)\\s+(?:did|does|do|has|have|had|will|would)\\s+(?<speaker>.+?)\\s+${SAY}\\b(?<rest>.*)$`, 'i'),
  new RegExp(`^(?:what|which)\\s+${STATEMENTS}\\s+(?:did|does|has)\\s+(?<speaker>.+?)\\s+(?:make|made|give|gave)\\b(?<rest>.*)$`, 'i'),
  new RegExp(`^(?:show\\s+me\\s+|list\\s+|give\\s+me\\s+|find\\s+)?(?:all\\s+)?(?:the\\s+)?${STATEMENTS}\\s+(?:from|by|of)\\s+(?<speaker>.+?)${TOPIC}$`, 'i'),
  new RegExp(`^(?:show\\s+me\\s+|list\\s+|give\\s+me\\s+)?(?<speaker>[^']+?)['’]s?\\s+${STATEMENTS}${TOPIC}$`, 'i'),
  new RegExp(`^(?:what\\s+)?(?:did|does|has)\\s+(?<speaker>.+?)\\s+${SAY}\\s+(?:anything\\s+)?(?<rest>.*)$`, 'i'),
];

const ARABIC_SAY =
  '(?:قال|قالت|يقول|تقول|صرح|صرحت|ذكر|ذكرت|أكد|اكد|أكدت|اكدت|أضاف|اضاف|كتب|كتبت|دعا|دعت|شدد|شددت|حذر|حذرت|نفى|نفي|نفت|أشاد|اشاد|أشادت|شكر|شكرت|تعهد|تعهدت|أبلغ|ابلغ|أخبر|اخبر)';
const ARABIC_PATTERNS = [
  new RegExp(`^(?:ماذا|بماذا|ما\\s+الذي|ما\\s+هو\\s+الذي|ما)\\s+${ARABIC_SAY}(?:ه)?\\s+(?<speaker>.+?)(?:\\s+(?:عن|بشأن|حول|في|بخصوص)\\s+(?<topic>.+))?$`),
  new RegExp(`^(?:ما\\s+هي\\s+|ما\\s+)?(?:تصريحات|أقوال|اقوال|كلام|تعليقات|مواقف)\\s+(?<speaker>.+?)(?:\\s+(?:عن|بشأن|حول|في|بخصوص)\\s+(?<topic>.+))?$`),
];

export function parseSpeakerQuestion(question: string): SpeakerQuestion | undefined {
  const text = question.trim().replace(/[?？؟!.]+$/u, '').trim();
  for (const pattern of [...ENGLISH_PATTERNS, ...ARABIC_PATTERNS]) {
    const match = pattern.exec(text);
    if (!match?.groups?.speaker) continue;
    const speaker = match.groups.speaker.replace(/^(?:the|president|mr\.?|ms\.?|الرئيس)\s+/i, '').trim();
    if (!speaker) continue;
    const topic = (match.groups.topic ?? match.groups.rest ?? '').replace(/^\s*(?:about|on|regarding|concerning|to)(?:\s+|$)/i, '').trim();
    return { speaker, topic };
  }
  return undefined;
}
