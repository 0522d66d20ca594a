"""The words of the synthetic posts (bench/posts.py): topics, phrases, quotes and images.

The posts are typographic on purpose (curly quotes, dashes, ellipses), like the coach's.
"""

# ruff: noqa: RUF001

from __future__ import annotations

CATEGORIES = {
    "Interviews": ["interviews", "phone screens", "video interviews", "hiring"],
    "Job search": ["job search", "job boards", "recruiters", "follow-up"],
    "Resumes": ["resumes", "cover letters", "applicant tracking systems", "portfolio"],
    "Career change": ["career change", "midlife", "academia", "skills"],
    "Networking": ["networking", "informational interviews", "linkedin", "mentors"],
    "Salary and offers": ["salary", "negotiation", "job offers", "benefits"],
    "Working life": ["burnout", "promotion", "performance reviews", "remote work"],
    "Consulting": ["consulting", "freelance", "personal brand", "career coaching"],
}
OTHER_TAGS = [
    "age bias",
    "references",
    "thank-you notes",
    "layoffs",
    "certifications",
    "volunteering",
    "relocation",
    "headhunters",
    "group interviews",
    "case interviews",
]
TAGS = sorted({t for tags in CATEGORIES.values() for t in tags} | set(OTHER_TAGS))

TITLE_PATTERNS = [
    "{Number} {thing} that {audience} get wrong",
    "Why your {artifact} attracts the wrong employers",
    "How to handle {situation} after fifty",
    "What hiring managers really mean by “{phrase}”",
    "The quiet cost of {situation}",
    "{Number} questions to ask before {event}",
    "When {situation} is not your fault",
    "A former academic’s guide to {topic}",
    "Stop apologizing for {situation}",
    "{Topic}: what changed and what did not",
    "Is {topic} worth it in mid-career?",
    "The {artifact} checklist I give every client",
]
NUMBERS = ["Three", "Four", "Five", "Six", "Seven", "Ten"]
THINGS = ["resume habits", "interview answers", "networking emails", "LinkedIn details", "myths"]
AUDIENCES = ["career changers", "midlife job seekers", "former academics", "senior managers"]
ARTIFACTS = ["resume", "LinkedIn profile", "cover letter", "portfolio", "reference list"]
SITUATIONS = [
    "a long employment gap",
    "a layoff",
    "a second interview that leads nowhere",
    "a lowball offer",
    "an overqualified label",
    "a silent recruiter",
    "a move out of academia",
    "a bad reference",
]
PHRASES = ["not a fit", "we'll be in touch", "overqualified", "culture add", "fast-paced"]
EVENTS = ["a phone screen", "accepting an offer", "a panel interview", "a career change"]
TOPICS = [
    "informational interviews",
    "salary negotiation",
    "career coaching",
    "certifications",
    "networking events",
    "consulting work",
    "job boards",
    "volunteering",
]

SUBJECTS = [
    "Many of my clients",
    "A hiring manager",
    "The recruiter",
    "Your interviewer",
    "Most employers",
    "One client, a former engineer,",
    "The HR department",
    "A good reference",
    "Your resume",
    "Your LinkedIn profile",
    "A short cover letter",
    "The search committee",
    "A well-prepared candidate",
    "The dean",
    "Your network",
    "Nobody on the panel",
]
VERBS = [
    "wants to see",
    "rarely notices",
    "will remember",
    "often overlooks",
    "expects",
    "is looking for",
    "can spot",
    "quietly rewards",
    "tends to penalize",
    "responds well to",
    "does not care much about",
    "will ask about",
]
OBJECTS = [
    "a clear story about your last three jobs",
    "evidence that you have kept your skills current",
    "a resume that fits on two pages",
    "questions about the company’s plans",
    "specific numbers rather than adjectives",
    "genuine interest in the role",
    "how you handled a difficult colleague",
    "a short answer to “Why are you leaving?”",
    "proof that you can learn new software",
    "the gap in your employment history",
    "a thank-you note sent the same day",
    "a reference who can speak to recent work",
    "the salary you were paid ten years ago",
    "a portfolio with two or three strong examples",
]
TAILS = [
    "",
    "",
    "",
    " during the first five minutes",
    " long before the interview",
    " when the budget is tight",
    " in a competitive market",
    ", even if nobody says so",
    "…at least in my experience",
    " — and that is good news for you",
]
OPENERS = [
    "However, ",
    "In practice, ",
    "Typically, ",
    "Of course, ",
    "Surprisingly, ",
    "First, ",
    "Finally, ",
    "",
    "",
    "",
]
MEMORIES = [
    "When I was an academic, I sat on more search committees than I can count.",
    "Years ago I went on a pseudo-interview in Boston, and the hotel was the best part of it.",
    "A client once sent forty applications in a month and heard back from two.",
    "One of my clients rewrote her resume three times before it sounded like her.",
    "I still remember the interviewer who read his email while I answered.",
]
QUESTIONS = [
    "Ask yourself: would a stranger understand what you did in your last job?",
    "What would you say if the interviewer asked, “Why now?”",
    "Have you talked to anyone who actually works there?",
    "Do you know what the job pays before the first interview?",
]
HEADINGS = [
    "Why this happens",
    "What to do instead",
    "A story from my own job search",
    "The three likely causes",
    "Questions to ask yourself",
    "How to prepare",
    "What hiring managers really think",
    "A quick checklist",
    "When to walk away",
    "Next steps",
    "What the research says",
    "A note for former academics",
    "The email I suggest",
    "Common objections",
]
LIST_ITEMS = [
    "Write down three accomplishments with numbers",
    "Ask a former colleague to read your resume",
    "Prepare two questions about the team’s plans",
    "Research the company’s last annual report",
    "Send a thank-you note the same day",
    "Cut anything older than fifteen years",
    "Practice your answer to “Tell me about yourself”",
    "Update the headline on your LinkedIn profile",
    "Keep a simple log of every application",
    "Decide on your walk-away salary in advance",
    "Call one person you have not spoken to in a year",
    "Replace adjectives with results",
]
EXTERNAL_LINKS = [
    ("the Bureau of Labor Statistics", "https://www.bls.gov/ooh/"),
    ("the EEOC’s guidance on age discrimination", "https://www.eeoc.gov/age-discrimination"),
    ("O*NET", "https://www.onetonline.org/"),
    ("a well-known study on hiring", "https://www.nber.org/papers/w19474"),
    ("Harvard Business Review", "https://hbr.org/topic/subject/career-planning"),
    ("the AARP’s job board", "https://www.aarp.org/work/"),
    ("LinkedIn’s help pages", "https://www.linkedin.com/help/linkedin"),
    ("Mailchimp", "https://mailchimp.com/"),
]
CLIENT_QUOTES = [
    "I’ve achieved some success in getting interviews. Sometimes I even get a second "
    "interview. Then…nothing happens. What’s wrong?",
    "I have twenty years of experience and I keep hearing that I am overqualified.",
    "The recruiter loved me on the phone, and then I never heard from her again.",
    "I left the university last spring and nobody seems to understand what I did there.",
    "They offered me less than I made in 2015. Should I take it?",
]
PLACES = ["Ohio", "Boston", "Denver", "a small town in Oregon", "Toronto", "Atlanta"]
NAMES = ["Ms. Alvarez", "Dr. Chen", "Mr. Okafor", "Ms. Lindqvist", "Mr. Patel"]

# (file name, width, height): small PNGs with real headers, referenced by the posts.
IMAGES = [
    ("interview-table.png", 640, 360),
    ("resume-before-after.png", 800, 450),
    ("career-path.png", 1200, 630),
    ("coach-portrait.png", 320, 320),
    ("job-search-log.png", 720, 480),
    ("salary-chart.png", 960, 540),
]
