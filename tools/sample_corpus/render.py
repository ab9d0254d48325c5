# -*- coding: utf-8 -*-
import html, json, datetime

def esc(s):  # text content
    return html.escape(s, quote=False)

def attr(s):
    return html.escape(s, quote=True)

def dt(iso):
    return datetime.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")

def body_items(a):
    """paragraphs (strings) and junk inserts (tuples) in order"""
    for p in a["paras"]:
        yield p

# ------------------------------------------------------------------ Northgate Wire
def render_nw(a):
    d = dt(a["published"])
    vis = d.strftime("%B %-d, %Y %-I:%M %p UTC")
    ld = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": a["title"], "datePublished": a["published"],
        "author": [{"@type": "Person", "name": n} for n in a["authors"]],
        "publisher": {"@type": "Organization", "name": "Northgate Wire"},
        "mainEntityOfPage": a["url"],
    }
    author_slug = a["authors"][0].lower().replace(" ", "-")
    paras = "\n".join(f"      <p>{esc(p)}</p>" for p in a["paras"])
    related = "\n".join(f'        <li><a href="{attr(u)}">{esc(t)}</a></li>' for t, u in a["related"])
    tags = " ".join(f'<a href="/topics/{t.lower().replace(" ", "-")}/">{esc(t)}</a>' for t in a["tags"])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{esc(a["title"])} | Northgate Wire</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="description" content="{attr(a["description"])}">
  <meta property="og:site_name" content="Northgate Wire">
  <meta property="og:type" content="article">
  <meta property="og:title" content="{attr(a["title"])}">
  <meta property="og:url" content="{attr(a["url"])}">
  <meta property="og:image" content="{attr(a["image"])}">
  <meta name="author" content="{attr(", ".join(a["authors"]))}">
  <meta property="article:published_time" content="{a["published"]}">
  <meta property="article:section" content="{attr(a["section"])}">
  <link rel="canonical" href="{attr(a["url"])}">
  <link rel="stylesheet" href="https://northgatewire.example/static/css/nw-2026.3.css">
  <script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
  <script async src="https://northgatewire.example/static/js/nw-metrics.js"></script>
</head>
<body class="nw-site nw-article-page">
  <div id="cookie-consent" class="nw-cookie" role="dialog" aria-label="Cookie consent">
    <p>We use cookies and similar technologies to personalise content, measure traffic and show relevant ads. By clicking "Accept all" you agree to our use of cookies. <a href="https://northgatewire.example/privacy/">Privacy policy</a></p>
    <button type="button" class="nw-btn nw-btn--primary">Accept all</button>
    <button type="button" class="nw-btn">Manage preferences</button>
  </div>
  <header class="nw-masthead">
    <a class="nw-logo" href="https://northgatewire.example/">NORTHGATE WIRE</a>
    <nav id="primary-nav" aria-label="Primary">
      <ul>
        <li><a href="/world/">World</a></li>
        <li><a href="/business/">Business</a></li>
        <li><a href="/markets/">Markets</a></li>
        <li><a href="/technology/">Technology</a></li>
        <li><a href="/sustainability/">Sustainability</a></li>
        <li><a href="/pictures/">Pictures</a></li>
      </ul>
    </nav>
    <a class="nw-signin" href="/account/sign-in/">Sign in</a>
  </header>
  <main id="main-content">
    <div class="nw-breadcrumb"><a href="/{a["section"].lower()}/">{esc(a["section"])}</a></div>
    <article class="story" itemscope itemtype="https://schema.org/NewsArticle">
      <h1 class="story-headline" itemprop="headline">{esc(a["title"])}</h1>
      <div class="story-meta">
        <span class="story-byline">By <a href="/authors/{author_slug}/" itemprop="author">{esc(a["authors"][0])}</a></span>
        <time class="story-date" datetime="{a["published"]}" itemprop="datePublished">{vis}</time>
      </div>
      <figure class="story-image">
        <img src="{attr(a["image"])}" alt="{attr(a["caption"])}" width="1200" height="800">
        <figcaption>{esc(a["caption"])} <span class="credit">{esc(a["credit"])}</span></figcaption>
      </figure>
      <div class="story-body" itemprop="articleBody">
{paras}
      </div>
      <p class="story-credits">{esc(a["credits"])}</p>
      <p class="story-trust"><a href="/about/trust-principles/">Our Standards: The Northgate Wire Trust Principles.</a></p>
      <div class="story-tags">Topics: {tags}</div>
    </article>
    <aside class="related" aria-labelledby="related-heading">
      <h2 id="related-heading">Related stories</h2>
      <ul>
{related}
      </ul>
    </aside>
    <section class="nw-newsletter">
      <h3>The Daily Brief</h3>
      <p>Sign up for our free morning newsletter: the day's top stories in five minutes.</p>
      <form action="/newsletters/subscribe/" method="post"><input type="email" name="email" placeholder="Email address"><button type="submit">Sign up</button></form>
    </section>
  </main>
  <footer class="nw-footer">
    <ul class="nw-footer__links">
      <li><a href="/about/">About Northgate Wire</a></li>
      <li><a href="/careers/">Careers</a></li>
      <li><a href="/licensing/">Content licensing</a></li>
      <li><a href="/privacy/">Privacy</a></li>
      <li><a href="/terms/">Terms of use</a></li>
    </ul>
    <p>All quotes delayed a minimum of 15 minutes. &copy; 2026 Northgate Wire. All rights reserved.</p>
  </footer>
</body>
</html>
"""

# ------------------------------------------------------------------ The Harbor Ledger
def render_hl(a):
    d = dt(a["published"])
    vis = d.strftime("%a %-d %b %Y %H.%M UTC")
    paras = "\n".join(f"          <p>{esc(p)}</p>" for p in a["paras"])
    related = "\n".join(f'            <li class="hl-onward__item"><a href="{attr(u)}">{esc(t)}</a></li>' for t, u in a["related"])
    author_slug = a["authors"][0].lower().replace(" ", "-")
    return f"""<!doctype html>
<html lang="en" class="js-off">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
    <title>{esc(a["title"])} | {esc(a["section"])} | The Harbor Ledger</title>
    <meta name="description" content="{attr(a["standfirst"])}">
    <meta name="author" content="{attr(", ".join(a["authors"]))}">
    <meta property="og:title" content="{attr(a["title"])}">
    <meta property="og:description" content="{attr(a["standfirst"])}">
    <meta property="og:site_name" content="The Harbor Ledger">
    <meta property="og:type" content="article">
    <meta property="og:image" content="{attr(a["image"])}">
    <meta property="article:published_time" content="{a["published"]}">
    <meta property="article:section" content="{attr(a["section"])}">
    <meta name="twitter:card" content="summary_large_image">
    <meta name="twitter:site" content="@harborledger">
    <link rel="canonical" href="{attr(a["url"])}">
    <link rel="stylesheet" href="https://assets.harborledger.example/css/hl.2026.min.css">
  </head>
  <body>
    <a class="skip-link" href="#maincontent">Skip to main content</a>
    <div class="site-wrapper">
      <header role="banner" class="hl-header">
        <div class="hl-header__support">Support independent journalism. <a href="https://support.harborledger.example/">Become a supporter</a></div>
        <a class="hl-header__logo" href="https://harborledger.example/">The Harbor Ledger</a>
        <nav class="hl-menu" role="navigation" aria-label="Harbor Ledger sections">
          <a href="/news">News</a> | <a href="/politics">Politics</a> | <a href="/business">Business</a> | <a href="/environment">Environment</a> | <a href="/money">Money</a> | <a href="/opinion">Opinion</a> | <a href="/sport">Sport</a> | <a href="/culture">Culture</a>
        </nav>
      </header>
      <main id="maincontent">
        <article class="hl-article">
          <header class="hl-article__header">
            <a class="hl-article__kicker" href="/{a["section"].lower()}">{esc(a["section"])}</a>
            <h1 class="hl-article__title">{esc(a["title"])}</h1>
            <div class="hl-article__standfirst"><p>{esc(a["standfirst"])}</p></div>
          </header>
          <figure class="hl-article__media">
            <img src="{attr(a["image"])}" alt="" loading="eager">
            <figcaption><span class="hl-caption">{esc(a["caption"])}</span> <span class="hl-credit">{esc(a["credit"])}</span></figcaption>
          </figure>
          <div class="hl-article__meta">
            <address class="hl-byline">By <a rel="author" href="/profile/{author_slug}">{esc(a["authors"][0])}</a></address>
            <div class="hl-dateline"><time datetime="{a["published"]}">{vis}</time></div>
            <div class="hl-share"><a href="#share-facebook">Share on Facebook</a> <a href="#share-x">Share on X</a> <a href="#share-email">Share via Email</a></div>
          </div>
          <div class="hl-article__body" id="article-body">
{paras}
          </div>
          <div class="hl-article__footer">
            <p class="hl-article__topics">Explore more on these topics: <a href="/{a["section"].lower()}">{esc(a["section"])}</a></p>
            <p class="hl-article__reuse"><a href="/info/reuse">Reuse this content</a></p>
          </div>
        </article>
        <aside class="hl-onward">
          <h2>Related stories</h2>
          <ul>
{related}
          </ul>
        </aside>
        <aside class="hl-most-viewed">
          <h2>Most viewed</h2>
          <ol>
            <li><a href="/lifeandstyle/2026/best-winter-walks">Ten coastal walks to try this season</a></li>
            <li><a href="/food/2026/one-pot-dinners">Five one-pot dinners for busy weeknights</a></li>
            <li><a href="/culture/2026/orlesk-film-festival">Orlesk film festival announces opening-night picture</a></li>
          </ol>
        </aside>
        <div class="hl-newsletter-signup">
          <h3>Sign up to Ledger Today</h3>
          <p>Our morning email breaks down the key stories of the day, telling you what's happening and why it matters.</p>
          <form><label for="nl-email">Enter your email address</label> <input id="nl-email" type="email"> <button>Sign up</button></form>
          <p class="hl-newsletter-signup__legal">Privacy Notice: Newsletters may contain info about charities, online ads, and content funded by outside parties.</p>
        </div>
      </main>
      <div class="hl-consent" id="sp_message_container" role="dialog">
        <h2>It's your choice</h2>
        <p>We use cookies to help improve your experience, to measure how you use our site and to show you personalised advertising. You can change your choices at any time.</p>
        <button>Yes, I'm happy</button> <button>Manage my cookies</button>
      </div>
      <footer class="hl-footer" role="contentinfo">
        <nav aria-label="Footer"><a href="/about">About us</a> · <a href="/help/contact-us">Contact us</a> · <a href="/info/complaints">Complaints &amp; corrections</a> · <a href="/info/privacy">Privacy policy</a> · <a href="/info/cookies">Cookie policy</a></nav>
        <p>&copy; 2026 The Harbor Ledger. All rights reserved.</p>
      </footer>
    </div>
  </body>
</html>
"""

# ------------------------------------------------------------------ The Meridian Post
def render_mp(a):
    d = dt(a["published"])
    vis = d.strftime("%H:%M, %-d %b %Y")
    items = []
    for p in a["paras"]:
        if isinstance(p, tuple):
            kind, text = p
            if kind == "promo":
                label, rest = text.split(": ", 1)
                items.append(f'        <div class="mp-readmore"><strong>{esc(label)}:</strong> <a href="#">{esc(rest)}</a></div>')
            else:
                items.append(f'        <div class="mp-video-player" data-autoplay="true"><span class="mp-video-player__label">{esc(text)}</span></div>')
        else:
            cls = ' class="mp-intro"' if not items else ""
            items.append(f"        <p{cls}>{esc(p)}</p>")
    body = "\n".join(items)
    related = "\n".join(f'          <li><a href="{attr(u)}"><span class="mp-teaser__title">{esc(t)}</span></a></li>' for t, u in a["related"])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>{esc(a["title"])} | The Meridian Post</title>
<link rel="canonical" href="{attr(a["url"])}">
<meta name="author" content="{attr(", ".join(a["authors"]))}">
<meta property="article:published_time" content="{a["published"]}">
<meta property="article:modified_time" content="{a["published"]}">
<meta property="og:site_name" content="The Meridian Post">
<meta property="og:title" content="{attr(a["title"])}">
<meta property="og:image" content="{attr(a["image"])}">
<meta name="robots" content="max-image-preview:large">
<link rel="stylesheet" href="https://cdn.meridianpost.example/assets/mp-main.css">
<script>window.mpAds = window.mpAds || []; mpAds.push({{slot: "top-banner", section: "{attr(a["section"].lower())}"}});</script>
</head>
<body class="mp mp-article">
<div class="mp-cookie-bar" id="cookieBar">
  <p>The Meridian Post and our partners use cookies. Click OK to accept or see our <a href="/cookie-policy">Cookie Policy</a> to find out more.</p>
  <button onclick="acceptCookies()">OK</button>
</div>
<div class="topbar">
  <a href="https://meridianpost.example/" class="mp-logo"><img src="https://cdn.meridianpost.example/assets/logo.svg" alt="The Meridian Post"></a>
  <ul class="mp-nav">
    <li><a href="/news">News</a></li>
    <li><a href="/politics">Politics</a></li>
    <li><a href="/money">Money</a></li>
    <li><a href="/sport">Sport</a></li>
    <li><a href="/showbiz">Showbiz</a></li>
    <li><a href="/tv">TV</a></li>
    <li><a href="/puzzles">Puzzles</a></li>
  </ul>
</div>
<div class="mp-ad mp-ad--leaderboard">Advertisement</div>
<div class="mp-article-wrap">
  <article id="story" class="mp-story">
    <h1 class="headline">{esc(a["title"])}</h1>
    <div class="mp-byline">
      <a rel="author" class="mp-byline__name" href="/authors/{a["authors"][0].lower().replace(" ", "-")}">{esc(a["authors"][0])}</a>
      <span class="mp-byline__date">Published: {vis}</span>
    </div>
    <div class="mp-share-bar"><a href="#">Share</a> <a href="#">Facebook</a> <a href="#">WhatsApp</a> <a href="#comments">Comments ({a["comments"]})</a></div>
    <figure class="mp-lead-image">
      <img src="{attr(a["image"])}" alt="">
      <figcaption>{esc(a["caption"])} <em>{esc(a["credit"])}</em></figcaption>
    </figure>
    <div class="article-body">
{body}
    </div>
    <div class="mp-tip-off">Got a story? Email <a href="mailto:news@meridianpost.example">news@meridianpost.example</a> or WhatsApp our news desk.</div>
  </article>
  <aside class="mp-sidebar">
    <h3 class="mp-sidebar__title">Related stories</h3>
    <ul class="mp-teasers">
{related}
    </ul>
    <div class="mp-newsletter">
      <h4>Get the Post in your inbox</h4>
      <p>Sign up for our free daily newsletter for the biggest stories, straight to your inbox.</p>
      <input type="email" placeholder="Your email"> <button>Subscribe</button>
    </div>
  </aside>
</div>
<section id="comments" class="mp-comments"><h3>Comments ({a["comments"]})</h3><p>Comments are closed on this article.</p></section>
<footer class="mp-footer">
  <p><a href="/contact">Contact us</a> | <a href="/terms">Terms</a> | <a href="/privacy">Privacy</a> | <a href="/cookie-policy">Cookies</a> | <a href="/complaints">Complaints</a></p>
  <p>&copy; The Meridian Post 2026</p>
</footer>
</body>
</html>
"""

# ------------------------------------------------------------------ Ironbridge Times
def render_it(a):
    d = dt(a["published"])
    vis = d.strftime("%-d %B %Y")
    paras = "\n".join(f"            <p>{esc(p)}</p>" for p in a["paras"])
    related = "\n".join(f'          <li><a data-trackable="related" href="{attr(u)}">{esc(t)}</a></li>' for t, u in a["related"])
    ticker = "\n".join(f'        <li class="it-ticker__item"><span class="it-ticker__name">{esc(n)}</span> <span class="it-ticker__sym">{esc(s)}</span> <span class="it-ticker__chg">{esc(c)}</span></li>' for n, s, c in a["ticker"])
    return f"""<!DOCTYPE html>
<html lang="en" data-it-app="article">
<head>
  <meta charset="utf-8">
  <title>{esc(a["title"])}</title>
  <meta name="author" content="{attr(", ".join(a["authors"]))}">
  <meta property="og:site_name" content="Ironbridge Times">
  <meta property="og:title" content="{attr(a["title"])}">
  <meta property="og:description" content="{attr(a["standfirst"])}">
  <meta property="og:url" content="{attr(a["url"])}">
  <meta property="article:published_time" content="{a["published"]}">
  <meta property="article:section" content="{attr(a["section"])}">
  <link rel="canonical" href="{attr(a["url"])}">
  <link rel="preload" as="style" href="https://static.ironbridgetimes.example/it-core.css">
</head>
<body>
  <div id="it-app">
    <div class="it-consent-banner" data-component="consent">
      <p>Ironbridge Times uses cookies and similar tools for site functionality, analytics and advertising, as described in our cookie policy.</p>
      <a class="it-button" href="#accept">Accept cookies</a> <a class="it-button it-button--secondary" href="/cookie-settings">Manage cookies</a>
    </div>
    <header class="it-header">
      <div class="it-header__brand"><a href="https://ironbridgetimes.example/">IRONBRIDGE TIMES</a></div>
      <div class="it-header__cta"><a href="/subscribe">Subscribe</a> <a href="/login">Sign in</a></div>
      <nav aria-label="Sections" class="it-nav">
        <a href="/world">World</a>
        <a href="/economy">Economy</a>
        <a href="/companies">Companies</a>
        <a href="/markets">Markets</a>
        <a href="/lex">Lex</a>
        <a href="/opinion">Opinion</a>
        <a href="/work-careers">Work &amp; Careers</a>
      </nav>
    </header>
    <div class="it-markets" aria-label="Market data">
      <ul class="it-ticker">
{ticker}
      </ul>
    </div>
    <div class="it-layout">
      <article class="it-story" data-article-id="{a["url"].rsplit("/", 1)[-1]}">
        <div class="it-story__headline-block">
          <div class="it-story__topic"><a href="/{a["section"].lower()}">{esc(a["section"])}</a></div>
          <h1 class="it-story__headline">{esc(a["title"])}</h1>
          <p class="it-story__standfirst">{esc(a["standfirst"])}</p>
        </div>
        <div class="it-story__byline">
          <a class="it-author" href="/stream/authors/{a["authors"][0].lower().replace(" ", "-")}">{esc(a["authors"][0])}</a>
          <time datetime="{a["published"]}" class="it-story__time">{vis}</time>
          <span class="it-story__free">Free to read</span>
        </div>
        <div class="it-story__share"><button>Save</button> <button>Gift this article</button> <button>Copy link</button></div>
        <figure class="it-story__image">
          <img src="{attr(a["image"])}" alt="">
          <figcaption class="it-caption">{esc(a["caption"])} &copy; {esc(a["credit"])}</figcaption>
        </figure>
        <section class="it-story__body" data-trackable="article-body">
{paras}
        </section>
        <div class="it-story__copyright">Copyright The Ironbridge Times Limited 2026. All rights reserved.</div>
        <div class="it-story__follow">Follow the topics in this article: <a href="/{a["section"].lower()}">{esc(a["section"])}</a></div>
      </article>
      <aside class="it-related">
        <h2 class="it-related__title">Related stories</h2>
        <ul>
{related}
        </ul>
      </aside>
      <div class="it-newsletter">
        <h3>Markets Morning</h3>
        <p>Sign up to our newsletter for a daily briefing on what matters in markets, before the open.</p>
        <a class="it-button" href="/newsletters/markets-morning">Sign up now</a>
      </div>
    </div>
    <footer class="it-footer">
      <div class="it-footer__columns">
        <a href="/help">Help centre</a> <a href="/about-us">About us</a> <a href="/accessibility">Accessibility</a> <a href="/tour">myIT tour</a> <a href="/careers">Careers</a>
      </div>
      <p class="it-footer__legal">Markets data delayed by at least 15 minutes. &copy; THE IRONBRIDGE TIMES LTD 2026.</p>
    </footer>
  </div>
</body>
</html>
"""

RENDER_HTML = {
    "Northgate Wire": render_nw,
    "The Harbor Ledger": render_hl,
    "The Meridian Post": render_mp,
    "Ironbridge Times": render_it,
}

# ------------------------------------------------------------------ plain text / markdown
def render_txt(a):
    out = [a["title"], f"By {a['authors'][0]}, {a['outlet']}", a["dateline"], ""]
    for kind, text in a["blocks"]:
        out.append(text)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"

def render_md(a):
    out = [f"# {a['title']}", "", f"By {a['authors'][0]}, {a['outlet']}", a["dateline"], ""]
    for kind, text in a["blocks"]:
        out.append(text)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
