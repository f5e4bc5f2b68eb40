/**
 * Function words that carry no topic. They still count for phrase display, but never as
 * evidence that a passage answers a question. Normalised forms (see normalize.ts), so
 * "ايض" is أيضًا once its tanween alef is folded.
 */
export const ARABIC_STOPWORDS = new Set(
  (
    'في من الي علي عن مع ان او و ثم لا لم لن ما ماذا متي اين كيف هل هو هي هم هن انا نحن انت ' +
    'هذا هذه ذلك تلك التي الذي الذين اللذين اللتين هناك هنا كل بعض غير بين بعد قبل عند حتي اذا ' +
    'لكن بل قد كان كانت يكون تكون كانوا ايضا اي منذ خلال حول ضد لدي لقد انه انها انهم انهما به بها ' +
    'له لها لهم فيه فيها عليه عليها منه منها عنه عنها الا اما لماذا كم من متى وفي ومن وان وقد ولم وما ' +
    'يا امام تحت فوق عبر وهو وهي كما لما فقط جدا اكثر اقل هي ما هو لكنه لكنها لكنهم ولكن حيث بينما اذ ايض'
  ).split(/\s+/),
);

export const ENGLISH_STOPWORDS = new Set(
  (
    'a an the and or but if then of to in on at by for with from into about as is are was were be been being ' +
    'do does did done have has had having it its this that these those there here what which who whom whose ' +
    'when where why how i you he she we they me him her us them my your his our their not no so than too very ' +
    'can could should would will shall may might must any all some each other such own same just also s t ' +
    'up down out over under again further once more most much many tell me please show give find'
  ).split(/\s+/),
);
