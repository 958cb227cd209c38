package api

import (
	"net/http"

	"github.com/linli-dev/linli/internal/httpx"
)

// heldView is what the wire says of held text: held or not, and the word
// where the reader may know it (neighbors get only a marker).
func heldView(word string) (bool, string) {
	if word == "" || word == "*" {
		return word != "", ""
	}
	return true, word
}

func (a *API) releaseCase(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = a.Svc.ReleaseCase(r.Context(), httpx.Principal(r), id)
	}
	reply(w, r, http.StatusNoContent, nil, err)
}
