package urlfetch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestClientRefusesEveryRequest(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("the stub client reached the server")
	}))
	defer srv.Close()
	_, err := Client(context.Background()).Get(srv.URL)
	if !errors.Is(err, ErrNoAppEngine) {
		t.Fatalf("err = %v, want ErrNoAppEngine", err)
	}
}
