package roster

import (
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"github.com/linli-dev/linli/internal/idcard"
)

var sampleSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")
var sampleGiven = []rune("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红玲芬燕彬建国志海春梅晓东文斌")

// WriteSample writes a synthetic roster for one neighborhood (the scope): a
// header, then one row per household with its owner, the ID numbers valid but
// marked synthetic. Benchmarks, demos and manual tests use it.
func WriteSample(w io.Writer, r *rand.Rand, households int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"网格", "楼栋", "房号", "面积", "姓名", "身份证号", "手机", "关系"}); err != nil {
		return err
	}
	perBuilding := 6 * 4 // six floors, four rooms a floor
	for i := 0; i < households; i++ {
		b := i / perBuilding
		floor, room := (i%perBuilding)/4+1, i%4+1
		birth := time.Date(1940+r.IntN(60), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
		name := string([]rune{sampleSurnames[r.IntN(len(sampleSurnames))], sampleGiven[r.IntN(len(sampleGiven))], sampleGiven[r.IntN(len(sampleGiven))]})
		rec := []string{
			fmt.Sprintf("第%d网格", b/20+1),
			fmt.Sprintf("%d号楼", b+1),
			fmt.Sprintf("%d%02d", floor, room),
			fmt.Sprintf("%d.%d", 45+r.IntN(95), r.IntN(10)),
			name,
			string(idcard.Synthetic(r, birth, i)),
			fmt.Sprintf("139%08d", i),
			"业主",
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
