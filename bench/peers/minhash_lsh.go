// minhash_lsh.go - the peer of the benchmark: near-duplicate groups with the
// Go MinHash-LSH library github.com/ekzhu/minhash-lsh, used as its README shows
// (NewMinhash, Push, Signature; NewMinhashLSH, Add, Index, Query).
//
// It reads the same JSONL corpus as `winnow dedup`, shingles the text into word
// 5-grams (lower-cased, words split at anything that is not a letter or a
// digit), builds a 128-permutation MinHash per document, indexes them in an LSH
// tuned by the library for Jaccard threshold 0.8, queries every document, joins
// each document with its candidates by union-find and writes one
// {"id", "dup_cluster"} line per document, in input order (dup_cluster is the
// input index of the group's first document).
//
// Built offline from the Debian package golang-github-ekzhu-minhash-lsh-dev in
// GOPATH mode (see bench/run.sh). Standard library otherwise.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	minhashlsh "github.com/ekzhu/minhash-lsh"
)

type record struct {
	ID   json.RawMessage `json:"id"`
	Text string          `json:"text"`
}

// shingles returns the word N-grams of TEXT; a text of fewer than N words is
// one shingle of all its words, an empty text none.
func shingles(text string, n int) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) == 0 {
		return nil
	}
	if len(words) < n {
		return []string{strings.Join(words, " ")}
	}
	out := make([]string, 0, len(words)-n+1)
	for i := 0; i+n <= len(words); i++ {
		out = append(out, strings.Join(words[i:i+n], " "))
	}
	return out
}

// union-find with path halving and union by size
type dsu struct{ parent, size []int32 }

func (d *dsu) add() {
	d.parent = append(d.parent, int32(len(d.parent)))
	d.size = append(d.size, 1)
}

func (d *dsu) find(x int32) int32 {
	for d.parent[x] != x {
		d.parent[x] = d.parent[d.parent[x]]
		x = d.parent[x]
	}
	return x
}

func (d *dsu) union(a, b int32) {
	a, b = d.find(a), d.find(b)
	if a == b {
		return
	}
	if d.size[a] < d.size[b] {
		a, b = b, a
	}
	d.parent[b] = a
	d.size[a] += d.size[b]
}

// jaccardEstimate is the share of equal signature values.
func jaccardEstimate(a, b []uint64) float64 {
	eq := 0
	for i := range a {
		if a[i] == b[i] {
			eq++
		}
	}
	return float64(eq) / float64(len(a))
}

func main() {
	numPerm := flag.Int("num-perm", 128, "MinHash size")
	threshold := flag.Float64("threshold", 0.8, "Jaccard threshold the LSH is tuned for")
	ngram := flag.Int("ngram", 5, "words per shingle")
	seed := flag.Int64("seed", 1, "MinHash seed")
	verify := flag.Bool("verify", false, "keep only candidates whose estimated Jaccard reaches the threshold")
	output := flag.String("o", "-", "output file (- = stdout)")
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: %s [OPTIONS] CORPUS.jsonl\n", os.Args[0])
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	in, err := os.Open(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	defer in.Close()

	lsh := minhashlsh.NewMinhashLSH(*numPerm, *threshold)
	var ids []json.RawMessage
	var sigs [][]uint64 // nil for documents without words
	reader := bufio.NewReaderSize(in, 1<<20)
	line := 0
	for {
		buf, err := reader.ReadBytes('\n')
		if len(buf) > 0 && strings.TrimSpace(string(buf)) != "" {
			line++
			var rec record
			if jerr := json.Unmarshal(buf, &rec); jerr != nil {
				fmt.Fprintf(os.Stderr, "%s:%d: %v\n", flag.Arg(0), line, jerr)
				os.Exit(1)
			}
			ids = append(ids, append(json.RawMessage(nil), rec.ID...))
			sh := shingles(rec.Text, *ngram)
			var sig []uint64
			if len(sh) > 0 {
				mh := minhashlsh.NewMinhash(*seed, *numPerm)
				for _, s := range sh {
					mh.Push([]byte(s))
				}
				sig = mh.Signature()
				lsh.Add(int32(len(ids)-1), sig)
			}
			sigs = append(sigs, sig)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
	}
	lsh.Index()

	groups := dsu{}
	for range ids {
		groups.add()
	}
	for i, sig := range sigs {
		if sig == nil {
			continue
		}
		for _, key := range lsh.Query(sig) {
			j := key.(int32)
			if j == int32(i) {
				continue
			}
			if *verify && jaccardEstimate(sig, sigs[j]) < *threshold {
				continue
			}
			groups.union(int32(i), j)
		}
	}

	// A group is named by the index of its first document.
	first := make(map[int32]int32)
	out := os.Stdout
	if *output != "-" {
		if out, err = os.Create(*output); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
	}
	w := bufio.NewWriterSize(out, 1<<20)
	for i := range ids {
		root := groups.find(int32(i))
		name, ok := first[root]
		if !ok {
			name = int32(i)
			first[root] = name
		}
		fmt.Fprintf(w, "{\"id\":%s,\"dup_cluster\":%d}\n", ids[i], name)
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	if out != os.Stdout {
		if err := out.Close(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
	}
	k, l := lsh.Params()
	fmt.Fprintf(os.Stderr, "minhash-lsh-go: %d documents, %d bands of %d rows\n", len(ids), l, k)
}
