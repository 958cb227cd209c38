package web

import (
	"strings"
	"testing"
	"time"

	"github.com/linli-dev/linli/internal/i18n"
	"github.com/linli-dev/linli/internal/projects"
	"github.com/linli-dev/linli/internal/service"
)

func TestTimelineEscapesWhatPeopleTyped(t *testing.T) {
	v := &service.ProjectView{Timeline: []*projects.Event{
		{ID: 9, Kind: projects.KindUpdate, ActorNickname: hostile, Body: "第一行\n" + hostile + " https://example.org/p?a=1&b=2",
			Photos: []projects.Photo{{Key: "ab/cd.jpg", ThumbKey: "ab/cd-t.jpg"}}, CreatedAt: time.Unix(0, 0)},
		{ID: 8, Kind: projects.KindMoved, FromState: projects.Selected, ToState: projects.Dropped, Note: hostile},
		{ID: 7, Kind: projects.KindMoved, ToState: projects.Selected, PollID: 42},
		{ID: 6, Kind: projects.KindMilestoneDone, MilestoneTitle: hostile},
		{ID: 5, Kind: projects.KindApproved, PollID: 3},
		{ID: 4, Kind: projects.KindCreated},
	}}
	html := string(timelineList(&Page{Lang: i18n.ZH}, v))
	if strings.Contains(html, "<script>") || strings.Count(html, "&lt;script&gt;") != 4 {
		t.Fatalf("typed text is not escaped:\n%s", html)
	}
	for _, want := range []string{
		`<li id="e9">`, "1970-01-01 08:00", `<p>第一行</p>`, `<a href="https://example.org/p?a=1&amp;b=2" rel="nofollow ugc noopener noreferrer">`,
		`<a href="/photos/ab/cd.jpg"><img src="/photos/ab/cd-t.jpg" alt="进展照片"`, "<strong>不予实施</strong>",
		"<strong>已入选</strong> · 第 42 号投票结果", "节点完成：&lt;script&gt;", "业主大会第 3 号表决同意动用相应资金", "<p>立项</p>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
}
