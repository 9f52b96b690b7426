type DemoLesson = { title: string; body: string; videoUrl?: string };
type DemoCourse = { title: string; slug: string; description: string; coverUrl: string | null; categories: { title: string; lessons: DemoLesson[] }[] };

const lesson = (title: string, topic: string): DemoLesson => ({
  title,
  body: `## ${title}\n\nIn this lesson we look at ${topic}.\n\n- Watch the short demonstration\n- Try it yourself for ten minutes\n- Share the result in the Studio Circle\n`,
});

export const DEMO_COURSES: DemoCourse[] = [
  {
    title: "Foundations of Watercolor",
    slug: "watercolor-foundations",
    description: "Materials, washes and colour mixing: a calm start from a blank page.",
    coverUrl: null,
    categories: [
      { title: "Getting started", lessons: [lesson("Welcome to the course", "how the course is organised"), lesson("Choosing paper and brushes", "the few materials that matter")] },
      { title: "Washes", lessons: [lesson("Flat washes", "laying an even wash"), lesson("Graded washes", "moving from dark to light"), lesson("Wet on wet", "letting colour bloom")] },
      { title: "Colour", lessons: [lesson("A limited palette", "mixing with three pigments"), lesson("Greens and greys", "natural colours from your palette")] },
    ],
  },
  {
    title: "Studio Business Basics",
    slug: "studio-business",
    description: "Pricing, commissions and selling your work online.",
    coverUrl: null,
    categories: [
      { title: "Pricing", lessons: [lesson("What is your time worth?", "a simple pricing formula"), lesson("Commissions", "quotes, deposits and contracts")] },
      { title: "Selling online", lessons: [lesson("Your first shop", "setting up a small online shop"), lesson("Email newsletters", "keeping in touch with collectors")] },
    ],
  },
];

type Access = "all" | "starter" | "none";
export const DEMO_CONTACTS: { email: string; firstName: string; lastName: string; access: Access; tags: string[] }[] = [
  { email: "alex.rivera@demo.portico.test", firstName: "Alex", lastName: "Rivera", access: "all", tags: ["vip"] },
  { email: "sam.chen@demo.portico.test", firstName: "Sam", lastName: "Chen", access: "starter", tags: [] },
  { email: "priya.patel@demo.portico.test", firstName: "Priya", lastName: "Patel", access: "all", tags: ["cohort-1"] },
  { email: "jonas.berg@demo.portico.test", firstName: "Jonas", lastName: "Berg", access: "starter", tags: ["cohort-1"] },
  { email: "maria.garcia@demo.portico.test", firstName: "María", lastName: "García", access: "none", tags: ["lead"] },
  { email: "tom.okafor@demo.portico.test", firstName: "Tom", lastName: "Okafor", access: "all", tags: [] },
  { email: "lea.dubois@demo.portico.test", firstName: "Léa", lastName: "Dubois", access: "starter", tags: ["cohort-2"] },
  { email: "kenji.sato@demo.portico.test", firstName: "Kenji", lastName: "Sato", access: "none", tags: ["lead"] },
  { email: "fatima.zahra@demo.portico.test", firstName: "Fatima", lastName: "Zahra", access: "all", tags: ["cohort-2"] },
  { email: "noah.smith@demo.portico.test", firstName: "Noah", lastName: "Smith", access: "starter", tags: [] },
  { email: "olga.ivanova@demo.portico.test", firstName: "Olga", lastName: "Ivanova", access: "none", tags: [] },
];
