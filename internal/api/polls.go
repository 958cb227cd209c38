package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/linli-dev/linli/internal/errs"
	"github.com/linli-dev/linli/internal/httpx"
	"github.com/linli-dev/linli/internal/polls"
)

// pollRoutes are the poll endpoints: tick lists, questions and owners' votes.
func (a *API) pollRoutes() []Route {
	return []Route{
		{"GET", "/api/v1/neighborhoods/{id}/polls", "A neighborhood's polls, newest first (drafts for its committee only)", true, "", "PollList", 200, a.pollList},
		{"POST", "/api/v1/neighborhoods/{id}/polls", "Write a draft poll: kind tick|single|multiple|assembly, electorate residents|households|owners, options (tick-list candidates may link project_id), opens_at and closes_at (RFC 3339)", true, "NewPoll", "Poll", 201, a.createPoll},
		{"GET", "/api/v1/polls/{id}", "A poll, its options (counts only once results may be shown), the viewer's vote, and the result once closed", true, "", "PollDetail", 200, a.poll},
		{"POST", "/api/v1/polls/{id}/open", "Fix the electorate and open the poll", true, "", "Poll", 200, a.openPoll},
		{"POST", "/api/v1/polls/{id}/ballots", "Cast my online ballot (option positions); returns the receipt code. The first ballot recorded for a voter counts", true, "Vote", "Receipt", 201, a.vote},
		{"POST", "/api/v1/polls/{id}/sheets", "Enter a paper sheet (serial, voter_key, choices); a second clerk's matching entry counts it", true, "Sheet", "SheetState", 200, a.enterSheet},
		{"POST", "/api/v1/polls/{id}/sheets/{serial}/check", "Check a sheet entered once (single entry) and count it", true, "", "SheetState", 200, a.checkSheet},
		{"POST", "/api/v1/polls/{id}/sheets/{serial}/resolve", "Decide a sheet whose two entries differ: pick 1 or 2 to count, 0 to set aside", true, "SheetPick", "SheetState", 200, a.resolveSheet},
		{"POST", "/api/v1/polls/{id}/door", "Record a door-to-door ballot the voter confirmed by signing slip", true, "DoorBallot", "Receipt", 201, a.doorBallot},
		{"GET", "/api/v1/polls/{id}/desk", "The clerks' desk: the electorate with who voted (never how), sheets waiting, refused second ballots", true, "", "PollDesk", 200, a.pollDesk},
		{"POST", "/api/v1/polls/{id}/close", "Close a poll after its closing time: publish the result notice, select a tick list's winners, record an owners' approval", true, "", "PollResult", 200, a.closePoll},
		{"GET", "/api/v1/polls/{id}/result", "The count (live polls and the committee before close; everyone after)", true, "", "PollResult", 200, a.pollResult},
		{"GET", "/api/v1/polls/{id}/ballots", "The published ballot list of a closed poll in receipt order (after, limit): receipt, channel, choices, area; no voter", true, "", "BallotList", 200, a.publishedBallots},
		{"GET", "/api/v1/polls/{id}/receipts/{code}", "Find my ballot on the published list by its receipt code", true, "", "PublicBallot", 200, a.receipt},
	}
}

func init() {
	for name, props := range map[string]map[string]string{
		"PollList":     {"items": "array", "can_manage": "boolean"},
		"Poll":         {"id": "integer", "neighborhood_id": "integer", "kind": "string", "title": "string", "description": "string", "state": "string", "electorate": "string", "min_choices": "integer", "max_choices": "integer", "winners": "integer", "major": "boolean", "secret": "boolean", "live": "boolean", "paper_check": "string", "project_id": "integer", "commitment": "string", "opens_at": "string", "closes_at": "string", "electors": "integer", "elector_area_centi": "integer", "ballots": "integer", "ballot_area_centi": "integer", "channels": "object", "rejects": "integer", "result_hash": "string", "outcome": "string", "notice_topic_id": "integer"},
		"NewPoll":      {"kind": "string", "title": "string", "description": "string", "electorate": "string", "place_ids": "array", "options": "array", "min_choices": "integer", "max_choices": "integer", "winners": "integer", "major": "boolean", "secret": "boolean", "live": "boolean", "paper_check": "string", "project_id": "integer", "commitment": "string", "opens_at": "string", "closes_at": "string"},
		"PollDetail":   {"poll": "object", "options": "array", "voter": "object", "voted": "string", "can_vote": "boolean", "can_manage": "boolean", "can_enter": "boolean", "result": "object"},
		"Vote":         {"choices": "array"},
		"Receipt":      {"receipt": "string"},
		"Sheet":        {"serial": "string", "voter_key": "integer", "choices": "array"},
		"SheetPick":    {"pick": "integer"},
		"SheetState":   {"serial": "string", "state": "string", "receipt": "string"},
		"DoorBallot":   {"voter_key": "integer", "choices": "array", "slip": "string", "confirmed": "boolean"},
		"PollDesk":     {"electors": "array", "pending": "array", "mismatched": "array", "rejects": "array"},
		"PollResult":   {"poll": "object", "options": "array", "ranked": "array", "winners": "array", "resolution": "object"},
		"BallotList":   {"items": "array", "next_after": "string", "result_hash": "string"},
		"PublicBallot": {"receipt": "string", "channel": "string", "choices": "array", "area_centi": "integer"},
	} {
		schemas[name] = props
	}
}

func pollView(p *polls.Poll) map[string]any {
	return map[string]any{"id": p.ID, "neighborhood_id": p.NeighborhoodID, "kind": p.Kind, "title": p.Title, "description": p.Description,
		"state": p.State, "electorate": p.Electorate, "min_choices": p.MinChoices, "max_choices": p.MaxChoices, "winners": p.Winners,
		"major": p.Major, "secret": p.Secret, "live": p.Live, "paper_check": p.PaperCheck, "project_id": p.ProjectID, "commitment": p.Commitment,
		"opens_at": p.OpensAt.UTC(), "closes_at": p.ClosesAt.UTC(), "electors": p.ElectorCount, "elector_area_centi": p.ElectorArea,
		"ballots": p.BallotCount, "ballot_area_centi": p.BallotArea, "rejects": p.RejectCount, "result_hash": p.ResultHash, "outcome": p.Outcome,
		"channels": map[string]int{"online": p.OnlineCount, "paper": p.PaperCount, "door": p.DoorCount}, "notice_topic_id": p.NoticeTopicID}
}

func optionsView(opts []polls.Option, counts bool) []map[string]any {
	out := make([]map[string]any, 0, len(opts))
	for _, o := range opts {
		m := map[string]any{"position": o.Position, "label": o.Label, "project_id": o.ProjectID}
		if counts {
			m["votes"], m["area_centi"] = o.Votes, o.Area
		}
		out = append(out, m)
	}
	return out
}

func resultView(r *polls.Result) map[string]any {
	out := map[string]any{"poll": pollView(r.Poll), "options": optionsView(r.Options, true), "ranked": optionsView(r.Ranked, true),
		"winners": optionsView(r.Winners, true)}
	if a := r.Resolution; a != nil {
		failed := make([]string, 0, len(a.Failed))
		for _, f := range a.Failed {
			failed = append(failed, string(f))
		}
		out["resolution"] = map[string]any{"passed": a.Passed(), "failed": failed, "major": a.Major, "owners": a.Owners, "area_centi": a.Area,
			"voted_owners": a.VotedOwners, "voted_area_centi": a.VotedArea, "agree_owners": a.AgreeOwners, "agree_area_centi": a.AgreeArea,
			"oppose_owners": a.OpposeOwners, "oppose_area_centi": a.OpposeArea}
	}
	return out
}

func (a *API) pollList(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	v, err := a.Svc.PollList(r.Context(), httpx.Principal(r), id)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	items := make([]map[string]any, 0, len(v.Polls))
	for _, p := range v.Polls {
		items = append(items, pollView(p))
	}
	reply(w, r, http.StatusOK, map[string]any{"items": items, "can_manage": v.CanManage}, nil)
}

type pollInput struct {
	Kind        string  `json:"kind"`
	Title       string  `json:"title"`
	Description string  `json:"description"`
	Electorate  string  `json:"electorate"`
	Places      []int64 `json:"place_ids"`
	Options     []struct {
		Label     string `json:"label"`
		ProjectID int64  `json:"project_id"`
	} `json:"options"`
	MinChoices int    `json:"min_choices"`
	MaxChoices int    `json:"max_choices"`
	Winners    int    `json:"winners"`
	Major      bool   `json:"major"`
	Secret     *bool  `json:"secret"`
	Live       bool   `json:"live"`
	PaperCheck string `json:"paper_check"`
	ProjectID  int64  `json:"project_id"`
	Commitment string `json:"commitment"`
	OpensAt    string `json:"opens_at"`
	ClosesAt   string `json:"closes_at"`
}

func (in pollInput) draft() (polls.NewPoll, error) {
	d := polls.NewPoll{Kind: polls.Kind(in.Kind), Title: in.Title, Description: in.Description, Electorate: polls.Electorate(in.Electorate),
		PlaceIDs: in.Places, MinChoices: in.MinChoices, MaxChoices: in.MaxChoices, Winners: in.Winners, Major: in.Major, Secret: true,
		Live: in.Live, PaperCheck: polls.PaperCheck(in.PaperCheck), ProjectID: in.ProjectID, Commitment: in.Commitment}
	if in.Secret != nil {
		d.Secret = *in.Secret
	}
	for _, o := range in.Options {
		d.Options = append(d.Options, polls.NewOption{Label: o.Label, ProjectID: o.ProjectID})
	}
	var err error
	if d.OpensAt, err = time.Parse(time.RFC3339, in.OpensAt); err != nil {
		return d, errs.Field("opens_at", "polls.bad_window")
	}
	if d.ClosesAt, err = time.Parse(time.RFC3339, in.ClosesAt); err != nil {
		return d, errs.Field("closes_at", "polls.bad_window")
	}
	return d, nil
}

func (a *API) createPoll(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in pollInput
	if err == nil {
		err = decode(r, &in)
	}
	var d polls.NewPoll
	if err == nil {
		d, err = in.draft()
	}
	var p *polls.Poll
	if err == nil {
		p, err = a.Svc.CreatePoll(r.Context(), httpx.Principal(r), id, d)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusCreated, pollView(p), nil)
}

func (a *API) poll(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	v, err := a.Svc.PollPage(r.Context(), httpx.Principal(r), id)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	out := map[string]any{"poll": pollView(v.Poll), "options": optionsView(v.Options, v.ShowCounts), "voted": v.Voted,
		"can_vote": v.CanVote, "can_manage": v.CanManage, "can_enter": v.CanEnter}
	if v.Elector != nil {
		out["voter"] = map[string]any{"voter_key": v.Elector.VoterKey, "label": v.Elector.Label, "area_centi": v.Elector.Area}
	}
	if v.Result != nil {
		out["result"] = resultView(v.Result)
	}
	reply(w, r, http.StatusOK, out, nil)
}

func (a *API) openPoll(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var p *polls.Poll
	if err == nil {
		p, err = a.Svc.OpenPoll(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, pollView(p), nil)
}

func (a *API) vote(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Choices []int `json:"choices"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var receipt string
	if err == nil {
		receipt, err = a.Svc.Vote(r.Context(), httpx.Principal(r), id, in.Choices)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusCreated, map[string]string{"receipt": receipt}, nil)
}

func sheetView(sh *polls.Sheet) map[string]any {
	return map[string]any{"serial": sh.Serial, "state": sh.State, "receipt": sh.Receipt}
}

func (a *API) enterSheet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Serial   string `json:"serial"`
		VoterKey int64  `json:"voter_key"`
		Choices  []int  `json:"choices"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var sh *polls.Sheet
	if err == nil {
		sh, err = a.Svc.EnterSheet(r.Context(), httpx.Principal(r), id, in.Serial, in.VoterKey, in.Choices)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, sheetView(sh), nil)
}

func (a *API) checkSheet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var sh *polls.Sheet
	if err == nil {
		sh, err = a.Svc.CheckSheet(r.Context(), httpx.Principal(r), id, r.PathValue("serial"))
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, sheetView(sh), nil)
}

func (a *API) resolveSheet(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		Pick int `json:"pick"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var sh *polls.Sheet
	if err == nil {
		sh, err = a.Svc.ResolveSheet(r.Context(), httpx.Principal(r), id, r.PathValue("serial"), in.Pick)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, sheetView(sh), nil)
}

func (a *API) doorBallot(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var in struct {
		VoterKey  int64  `json:"voter_key"`
		Choices   []int  `json:"choices"`
		Slip      string `json:"slip"`
		Confirmed bool   `json:"confirmed"`
	}
	if err == nil {
		err = decode(r, &in)
	}
	var receipt string
	if err == nil {
		receipt, err = a.Svc.RecordDoor(r.Context(), httpx.Principal(r), id, in.VoterKey, in.Choices, in.Slip, in.Confirmed)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusCreated, map[string]string{"receipt": receipt}, nil)
}

func (a *API) pollDesk(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	v, err := a.Svc.PollDesk(r.Context(), httpx.Principal(r), id)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	electors := make([]map[string]any, 0, len(v.Electors))
	for _, e := range v.Electors {
		electors = append(electors, map[string]any{"voter_key": e.VoterKey, "label": e.Label, "area_centi": e.Area, "voted": e.Voted})
	}
	sheets := func(list []*polls.Sheet) []map[string]any {
		out := make([]map[string]any, 0, len(list))
		for _, sh := range list {
			m := map[string]any{"serial": sh.Serial, "state": sh.State, "voter_key": sh.VoterKey, "choices": polls.Positions(sh.Choices)}
			if sh.SecondBy != 0 {
				m["second_voter_key"], m["second_choices"] = sh.SecondKey, polls.Positions(sh.SecondChoices)
			}
			out = append(out, m)
		}
		return out
	}
	rejects := make([]map[string]any, 0, len(v.Rejects))
	for _, rj := range v.Rejects {
		rejects = append(rejects, map[string]any{"voter_key": rj.VoterKey, "channel": rj.Channel, "serial": rj.Serial, "at": time.UnixMilli(rj.At).UTC()})
	}
	reply(w, r, http.StatusOK, map[string]any{"electors": electors, "pending": sheets(v.Pending), "mismatched": sheets(v.Mismatched), "rejects": rejects}, nil)
}

func (a *API) closePoll(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var res *polls.Result
	if err == nil {
		res, err = a.Svc.ClosePoll(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, resultView(res), nil)
}

func (a *API) pollResult(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var res *polls.Result
	if err == nil {
		res, err = a.Svc.PollResult(r.Context(), httpx.Principal(r), id)
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, resultView(res), nil)
}

func publicBallotView(b polls.PublicBallot) map[string]any {
	return map[string]any{"receipt": b.Receipt, "channel": b.Channel, "choices": polls.Positions(b.Choices), "area_centi": b.Area}
}

func (a *API) publishedBallots(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	p, list, err := a.Svc.PublishedBallots(r.Context(), httpx.Principal(r), id, q.Get("after"), limit)
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	items := make([]map[string]any, 0, len(list))
	next := ""
	for _, b := range list {
		items = append(items, publicBallotView(b))
		next = b.Receipt
	}
	reply(w, r, http.StatusOK, map[string]any{"items": items, "next_after": next, "result_hash": p.ResultHash}, nil)
}

func (a *API) receipt(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var b *polls.PublicBallot
	if err == nil {
		b, err = a.Svc.LookupReceipt(r.Context(), httpx.Principal(r), id, r.PathValue("code"))
	}
	if err != nil {
		reply(w, r, 0, nil, err)
		return
	}
	reply(w, r, http.StatusOK, publicBallotView(*b), nil)
}
