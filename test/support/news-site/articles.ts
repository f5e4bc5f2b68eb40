/** Arabic test articles (written for these tests), served as pages with site boilerplate around them. */
export interface TestArticle {
  slug: string;
  title: string;
  published: string;
  paragraphs: string[];
}

export const testArticles: TestArticle[] = [
  {
    slug: 'desalination-plant',
    title: 'افتتاح محطة جديدة لتحلية مياه البحر على الساحل الشرقي',
    published: '2025-03-02T09:30:00.000Z',
    paragraphs: [
      'افتتحت وزارة المياه صباح الأحد محطة جديدة لتحلية مياه البحر على الساحل الشرقي بطاقة إنتاجية تبلغ مئتي ألف متر مكعب يوميا.',
      'وقال المهندس سامر الخطيب مدير المشروع إن المحطة ستغطي احتياجات نحو نصف مليون نسمة من مياه الشرب خلال أشهر الصيف.',
      'وأوضح الخطيب أن المحطة تعمل بالطاقة الشمسية جزئيا، مما يخفض استهلاك الوقود بنسبة ثلاثين في المئة مقارنة بالمحطات القديمة.',
      'وأشارت الوزارة في بيان إلى أن كلفة المشروع بلغت ثلاثمئة وعشرين مليون دولار، مولتها الحكومة بالشراكة مع مصارف محلية.',
    ],
  },
  {
    slug: 'wheat-harvest',
    title: 'موسم قمح وفير يرفع توقعات الاكتفاء الذاتي هذا العام',
    published: '2025-03-04T14:00:00.000Z',
    paragraphs: [
      'توقعت وزارة الزراعة أن يتجاوز محصول القمح هذا العام أربعة ملايين طن بفضل الأمطار الغزيرة التي هطلت في الشتاء.',
      'وقالت الوزيرة ليلى منصور في مؤتمر صحفي إن البلاد قد تحقق الاكتفاء الذاتي من القمح لأول مرة منذ عشر سنوات.',
      'وأضافت منصور أن الحكومة رفعت سعر شراء الطن من المزارعين لتشجيعهم على تسليم المحصول إلى الصوامع الحكومية.',
      'ويرى خبراء أن تحسن الموسم سيخفف الضغط على احتياطي العملة الصعبة الذي كان يستنزف في استيراد الحبوب.',
    ],
  },
  {
    slug: 'metro-line',
    title: 'بدء تشغيل الخط الثالث لقطار الأنفاق في العاصمة',
    published: '2025-03-06T07:15:00.000Z',
    paragraphs: [
      'بدأ صباح اليوم تشغيل الخط الثالث لقطار الأنفاق في العاصمة بعد خمس سنوات من أعمال الحفر والبناء.',
      'وقال رئيس هيئة النقل كريم العلي إن الخط الجديد يضم اثنتي عشرة محطة ويربط المطار بوسط المدينة في أقل من نصف ساعة.',
      'وأكد العلي أن سعر التذكرة سيبقى ثابتا خلال العام الأول، وأن القطارات ستعمل من السادسة صباحا حتى منتصف الليل.',
      'ويتوقع أن ينقل الخط نحو مئتي ألف راكب يوميا، مما يخفف الازدحام المروري على الطرق الرئيسية.',
    ],
  },
];

const NAV = ['الرئيسية', 'سياسة', 'اقتصاد', 'رياضة', 'ثقافة', 'اتصل بنا'];

/** A full page: header, navigation, the article, related links, a script and a footer. */
export function articlePage(article: TestArticle, outlet = 'صحيفة الاختبار'): string {
  return `<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>${article.title} | ${outlet}</title>
<meta property="og:site_name" content="${outlet}">
<meta property="og:title" content="${article.title}">
<meta property="article:published_time" content="${article.published}">
<script>window.tracker = { page: "article" }; document.write("<p>سكربت لا يجب أن يظهر</p>");</script>
<style>body { font-family: sans-serif }</style>
</head><body>
<header class="site-header"><a href="/">${outlet}</a><nav class="main-nav"><ul>${NAV.map((n) => `<li><a href="/${encodeURIComponent(n)}">${n}</a></li>`).join('')}</ul></nav></header>
<main><article class="article-body">
<h1>${article.title}</h1>
<time datetime="${article.published}">${article.published.slice(0, 10)}</time>
${article.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
<script>console.log("inline script inside the article");</script>
</article>
<aside class="related"><h3>اقرأ أيضا</h3><ul><li><a href="/a">خبر آخر قصير</a></li><li><a href="/b">خبر ثالث قصير</a></li></ul></aside>
</main>
<footer class="site-footer"><p>جميع الحقوق محفوظة © ${outlet} 2025</p><a href="/privacy">سياسة الخصوصية</a></footer>
</body></html>`;
}

const WORDS = ['الوزارة', 'المشروع', 'المدينة', 'الحكومة', 'السوق', 'المياه', 'الطاقة', 'الميناء', 'الجامعة', 'المستشفى', 'الطريق', 'القطار', 'المصنع', 'المزارعين', 'الصادرات', 'الميزانية', 'المدارس', 'الشركة', 'البنك', 'المطار', 'أعلنت', 'قالت', 'أكد', 'أضاف', 'بدأت', 'ارتفع', 'انخفض', 'افتتح', 'وقع', 'ناقش', 'الجديد', 'الكبير', 'الأول', 'الثاني', 'الشمالي', 'الجنوبي', 'الشرقي', 'الغربي', 'اليوم', 'أمس', 'خلال', 'بعد', 'قبل', 'نحو', 'ألف', 'مليون', 'طن', 'دولار', 'في', 'على'];

/** An article of its own words (seeded by `n`): no two share enough word triples to count as near-duplicates. */
export function syntheticArticle(n: number): TestArticle {
  let seed = (n + 1) * 2654435761;
  const next = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed;
  };
  const sentence = (words: number) => Array.from({ length: words }, () => WORDS[next() % WORDS.length]).join(' ');
  return {
    slug: `synthetic-${n}`,
    title: `خبر رقم ${n}: ${sentence(6)}`,
    published: new Date(Date.UTC(2025, 0, 1 + n)).toISOString(),
    paragraphs: Array.from({ length: 4 }, () => `${sentence(28)}.`),
  };
}
