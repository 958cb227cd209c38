package web

import (
	"strings"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/board"
	"github.com/linli-dev/linli/internal/i18n"
	"github.com/linli-dev/linli/internal/org"
	"github.com/linli-dev/linli/internal/service"
)

const hostile = `<script>alert("x")</script>&'`

func TestTopicListEscapesWhatResidentsTyped(t *testing.T) {
	p := &Page{Lang: i18n.ZH}
	v := &service.BoardView{
		Neighborhood: &org.Place{ResidentCount: 10},
		Page: &board.Page{Topics: []*board.Topic{
			{ID: 7, Title: hostile, AuthorNickname: hostile, AuthorBadge: true, Category: "parking", Pinned: true, ReadCount: 4, CreatedAt: time.Unix(0, 0)},
			{ID: 8, Title: "电梯", AuthorNickname: "老王", Category: "facilities", ReadCount: 3},
		}},
	}
	html := string(topicList(p, v))
	if strings.Contains(html, "<script>") || strings.Count(html, "&lt;script&gt;") != 2 {
		t.Fatalf("typed text is not escaped:\n%s", html)
	}
	for _, want := range []string{`href="/topics/7"`, "置顶", "停车", "1970-01-01 08:00", "热帖"} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	// 3 readers of 10 is not more than 30%: only the first topic is hot.
	if strings.Count(html, "热帖") != 1 {
		t.Errorf("hot marked %d times, want 1", strings.Count(html, "热帖"))
	}
}

func TestCommentListShowsEachViewerOnlyTheirActions(t *testing.T) {
	v := &service.TopicView{
		Topic: &board.Topic{ID: 3},
		Comments: []*board.Comment{
			{ID: 10, AuthorID: 1, AuthorNickname: hostile, Body: "第一行\nhttps://example.org/a?b=1&c=2 " + hostile, LikeCount: 2},
			{ID: 11, ParentID: 10, AuthorID: 2, AuthorNickname: "邻居", Body: "回复"},
		},
		LikedComments: map[int64]bool{10: true},
		CanComment:    true,
		Viewer:        2,
	}
	html := string(commentList(&Page{Lang: i18n.EN}, v))
	if strings.Contains(html, "<script>") {
		t.Fatalf("typed text is not escaped:\n%s", html)
	}
	for _, want := range []string{
		`<li id="c10" class="card">`, `<li id="c11" class="card reply">`,
		`<p>第一行</p>`, `<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener noreferrer">`,
		`aria-pressed="true">Unlike (2)`, `aria-pressed="false">Like (0)`,
		`action="/comments/11/delete"`, `value="/topics/3#c10"`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if strings.Contains(html, "/comments/10/delete") || strings.Contains(html, "/moderation") {
		t.Errorf("viewer 2 may only delete their own comment and not moderate:\n%s", html)
	}

	v.CanModerate, v.CanComment, v.Viewer = true, false, 99
	html = string(commentList(&Page{Lang: i18n.ZH}, v))
	if strings.Count(html, `/moderation"`) != 2 || strings.Contains(html, "/like") || strings.Contains(html, "/delete") {
		t.Errorf("a moderator who may not comment sees hide forms only:\n%s", html)
	}
}
