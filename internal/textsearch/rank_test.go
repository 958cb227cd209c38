package textsearch

import (
	"slices"
	"testing"
)

func doc(title, body string) Doc { return Doc{Title: title, Indexed: IndexText(title + "\n" + body)} }

func TestRank(t *testing.T) {
	cases := []struct {
		name string
		q    string
		docs []Doc
		want []int
	}{
		{
			"the title first, however often the body repeats the word",
			"电梯",
			[]Doc{
				doc("楼道", "电梯门口堆了杂物，电梯也很脏，电梯"),
				doc("电梯又坏了", "三号楼二单元从昨天开始就不能用了，老人上下楼很辛苦"),
			},
			[]int{1, 0},
		},
		{
			"more of the words in the title first",
			"停车 收费",
			[]Doc{
				doc("停车场", "收费太贵"),
				doc("停车收费", "太贵"),
				doc("意见", "停车收费太贵"),
			},
			[]int{1, 0, 2},
		},
		{
			"repeats count",
			"停车",
			[]Doc{
				doc("意见", "晚上停车难"),
				doc("意见", "停车难，停车贵"),
			},
			[]int{1, 0},
		},
		{
			"a long text is marked down",
			"停车",
			[]Doc{
				doc("意见", "停车难，希望物业重新划线，晚上回来根本找不到位置，老人孩子进出都不方便"),
				doc("意见", "停车难"),
			},
			[]int{1, 0},
		},
		{
			"ties keep the given order (newest first)",
			"wifi",
			[]Doc{doc("信号", "WiFi差"), doc("信号", "ＷｉＦｉ差"), doc("信号", "wifi差")},
			[]int{0, 1, 2},
		},
		{
			"Latin words match whole tokens in titles",
			"wifi",
			[]Doc{doc("WiFi6路由器", "wifi"), doc("WiFi 路由器", "好用")},
			[]int{1, 0},
		},
		{"no candidates", "停车", nil, []int{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Rank(c.q, c.docs); !slices.Equal(got, c.want) {
				t.Errorf("Rank(%q) = %v, want %v", c.q, got, c.want)
			}
		})
	}
}

func TestRankWithoutTokens(t *testing.T) {
	docs := []Doc{doc("a", "b"), doc("c", "d")}
	if got := Rank("，。！", docs); !slices.Equal(got, []int{0, 1}) {
		t.Errorf("a query without tokens reorders: %v", got)
	}
}

func BenchmarkRank(b *testing.B) {
	docs := make([]Doc, 200)
	for i := range docs {
		docs[i] = doc("晚上停车太难了", "每天晚上回来都找不到车位，能不能请物业重新划线？希望居委会和物业一起商量个办法。")
	}
	for b.Loop() {
		Rank("停车", docs)
	}
}
